import type { BusEvent, EventBus, EventPayloads } from '@portal/kit';

/**
 * Access tokens of ended sessions and blocked users, refused before they expire. Identity announces
 * them on the event bus (SessionsEnded, UserProfileChanged with blocked); every gateway replica
 * keeps the list in memory from its own tail, so checking a token costs no call. Entries are kept
 * as long as an access token can live.
 */
export class SessionRevocations {
  private readonly endedSessions = new Map<string, number>();
  private readonly blockedUsers = new Map<string, number>();
  /** The log position of the last profile event applied per user: backfill and tail may interleave. */
  private readonly profileSeq = new Map<string, number>();
  private prunedAt = Date.now();

  constructor(private readonly keepSeconds = 24 * 60 * 60) {}

  static readonly EVENT_TYPES = ['SessionsEnded', 'UserProfileChanged'] as const;

  /** Loads what was announced within the lifetime of a token (a replica that just started). */
  async backfill(bus: EventBus): Promise<void> {
    const events = await bus.readSince({ types: [...SessionRevocations.EVENT_TYPES], since: new Date(Date.now() - this.keepSeconds * 1000) });
    for (const event of events) this.onEvent(event);
  }

  /** Applies one event from the log; returns who must be disconnected now. */
  onEvent(event: BusEvent): { userId: string; sessionIds: string[] | null } | null {
    return this.apply(event.type, event.payload, event.occurredAt, event.seq);
  }

  /** Why a token (by user, session and issue time in unix seconds) may no longer be used, or null. */
  refusal(userId: string, sessionId: string | null, issuedAt: number): string | null {
    this.prune();
    if (this.blockedUsers.has(userId)) return 'This account is blocked; contact the portal operator.';
    const ended = sessionId ? this.endedSessions.get(sessionId) : undefined;
    if (ended !== undefined && issuedAt * 1000 <= ended) return 'This session has ended (signed out elsewhere or ended for safety); sign in again.';
    return null;
  }

  private apply(type: string, payload: Record<string, unknown>, at: Date, seq: number): { userId: string; sessionIds: string[] | null } | null {
    if (type === 'SessionsEnded') {
      const ended = payload as unknown as EventPayloads['SessionsEnded'];
      const when = Date.parse(ended.endedAt);
      for (const sessionId of ended.sessionIds) this.endedSessions.set(sessionId, when);
      return { userId: ended.userId, sessionIds: ended.sessionIds };
    }
    if (type === 'UserProfileChanged') {
      const profile = payload as unknown as EventPayloads['UserProfileChanged'];
      if ((this.profileSeq.get(profile.userId) ?? 0) >= seq) return null; // an older state than the one applied
      this.profileSeq.set(profile.userId, seq);
      if (profile.blocked) {
        this.blockedUsers.set(profile.userId, at.getTime());
        return { userId: profile.userId, sessionIds: null };
      }
      this.blockedUsers.delete(profile.userId);
    }
    return null;
  }

  private prune(): void {
    if (Date.now() - this.prunedAt < 60_000) return;
    this.prunedAt = Date.now();
    const oldest = Date.now() - this.keepSeconds * 1000;
    for (const [key, at] of this.endedSessions) if (at < oldest) this.endedSessions.delete(key);
  }
}
