import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Caller, type EventPayloads, domainEvent, forbidden, rateLimited, recordEvents, requireUser, unauthenticated } from '@portal/kit';
import type { IdentityConfig } from '../config';
import type { IdentityContext } from '../context';
import { AUTH_TEXT, CONTACT_TEXT, say } from '../messages';
import type { LoginThrottle } from '../throttle/throttle.service';
import { accountThrottleKey } from '../throttle/throttle.rules';
import type { PasswordHasher } from '../user/password-hash';
import { UserAccount } from '../user/user.entity';
import { classifyLogin } from '../user/user.rules';
import { UserType } from '../user/user.type';
import type { AccessTokenIssuer } from './access-token';
import { RefreshToken, Session, type SignInMethod } from './session.entity';
import type { LoginInput } from './session.inputs';
import { decideRefresh, hashRefreshToken, looksLikeRefreshToken, newRefreshToken, refreshTokenExpiry } from './session.rules';
import { AuthPayloadType } from './session.type';

export type SessionEndReason = EventPayloads['SessionsEnded']['reason'];

/** Which active sessions to end: one, or every one of a user (but the one kept, if any). */
export type SessionSelection = { id: string } | { userId: string; exceptId?: string | null };

export class SessionService {
  constructor(
    private readonly config: IdentityConfig,
    private readonly tokens: AccessTokenIssuer,
    private readonly passwords: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Starts a session (a new refresh-token family) for the account: persisted with the caller's next
   * flush, so it commits together with whatever created or changed the account. The client's address
   * and User-Agent are kept for the holder's list of sessions.
   */
  async open(em: EntityManager, account: UserAccount, method: SignInMethod, client: Pick<Caller, 'ip' | 'userAgent'>, now: Date = new Date()): Promise<AuthPayloadType> {
    const session = Object.assign(new Session(), { userId: account.id, method, ip: client.ip, userAgent: client.userAgent ?? null, createdAt: now, lastRefreshedAt: now });
    const refresh = newRefreshToken();
    const token = Object.assign(new RefreshToken(), {
      sessionId: session.id,
      tokenHash: refresh.hash,
      issuedAt: now,
      expiresAt: refreshTokenExpiry(now, this.config.refreshTokenTtlDays),
    });
    em.persist([session, token]);
    return this.payload(account, session.id, refresh.token, token.expiresAt, now);
  }

  async login(ctx: IdentityContext, input: LoginInput): Promise<AuthPayloadType> {
    const { caller, em } = ctx;
    const now = new Date();
    const identifier = classifyLogin(input.login);
    const account = identifier ? await em.findOne(UserAccount, { [identifier.field]: identifier.value }) : null;
    const accountKey = accountThrottleKey(account?.id ?? null, identifier?.value ?? input.login);

    const verdict = await this.throttle.check(em, accountKey, caller.ip, now);
    if (verdict.limited) {
      const text = verdict.scope === 'ACCOUNT' ? AUTH_TEXT.tooManyFailuresForAccount : AUTH_TEXT.tooManyFailuresFromAddress;
      throw rateLimited(say(caller, text), verdict.retryAfterSeconds);
    }

    // Unknown logins cost as much time as wrong passwords, so timing does not reveal which accounts exist.
    const passwordMatches = account?.passwordHash
      ? await this.passwords.verify(input.password, account.passwordHash)
      : await this.passwords.verifyAgainstNothing(input.password);
    if (!account || !passwordMatches) {
      await this.throttle.recordFailure(em, accountKey, caller.ip, now);
      throw unauthenticated(say(caller, AUTH_TEXT.wrongLoginOrPassword));
    }
    // Only after the password: a blocked account is not revealed to someone who does not know it.
    if (account.blockedAt || account.closedAt) throw blockedError(caller, account);

    await this.throttle.forgiveAccount(em, accountKey);
    if (account.passwordHash && this.passwords.needsRehash(account.passwordHash)) {
      account.passwordHash = await this.passwords.hash(input.password);
    }
    const payload = await this.open(em, account, 'PASSWORD', caller, now);
    await em.flush();
    return payload;
  }

  /** Rotates a refresh token: the presented one is spent, a new one of the same family is returned. */
  async refresh(ctx: IdentityContext, refreshToken: string): Promise<AuthPayloadType> {
    const { caller } = ctx;
    const now = new Date();
    if (!looksLikeRefreshToken(refreshToken)) throw unauthenticated(say(caller, AUTH_TEXT.refreshTokenInvalid));

    const outcome = await ctx.em.transactional(async (tx) => {
      // The row lock makes two concurrent refreshes with one token see each other: the second is a reuse.
      const token = await tx.findOne(RefreshToken, { tokenHash: hashRefreshToken(refreshToken) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const session = token ? await tx.findOne(Session, { id: token.sessionId }) : null;
      const account = session ? await tx.findOne(UserAccount, { id: session.userId }) : null;
      const decision = decideRefresh(token, session, account ? { blocked: account.blockedAt !== null || account.closedAt !== null } : null, now);
      if (decision === 'REUSED' && session) {
        await this.endSessions(tx, { id: session.id }, 'REUSE_DETECTED', now);
      }
      if (decision !== 'ROTATE' || !token || !session || !account) return { decision, account } as const;

      token.usedAt = now;
      session.lastRefreshedAt = now;
      if (caller.userAgent) session.userAgent = caller.userAgent;
      const next = newRefreshToken();
      const nextToken = Object.assign(new RefreshToken(), {
        sessionId: session.id,
        tokenHash: next.hash,
        issuedAt: now,
        expiresAt: refreshTokenExpiry(now, this.config.refreshTokenTtlDays),
      });
      tx.persist(nextToken);
      const payload = await this.payload(account, session.id, next.token, nextToken.expiresAt, now);
      return { decision, account, payload } as const;
    });

    switch (outcome.decision) {
      case 'ROTATE':
        return outcome.payload!;
      case 'BLOCKED':
        throw blockedError(caller, outcome.account!);
      case 'REUSED':
        throw unauthenticated(say(caller, AUTH_TEXT.refreshTokenReused));
      case 'EXPIRED':
        throw unauthenticated(say(caller, AUTH_TEXT.refreshTokenExpired));
      case 'SESSION_ENDED':
        throw unauthenticated(say(caller, AUTH_TEXT.sessionEnded));
      case 'UNKNOWN':
        throw unauthenticated(say(caller, AUTH_TEXT.refreshTokenInvalid));
    }
  }

  /**
   * With a refresh token: ends that token's session only (this device), even when the access token
   * has already expired. Without one: ends every session of the signed-in user (all devices), since
   * the caller context does not carry the access token's `sid`. True when a session was ended.
   */
  async logout(ctx: IdentityContext, refreshToken: string | null | undefined): Promise<boolean> {
    const now = new Date();
    if (refreshToken === null || refreshToken === undefined) {
      const caller = requireUser(ctx);
      return (await this.endSessions(ctx.em, { userId: caller.userId }, 'LOGOUT', now)) > 0;
    }
    if (!looksLikeRefreshToken(refreshToken)) return false;
    const token = await ctx.em.findOne(RefreshToken, { tokenHash: hashRefreshToken(refreshToken) });
    const session = token ? await ctx.em.findOne(Session, { id: token.sessionId }) : null;
    if (!session) return false;
    if (ctx.caller.userId && ctx.caller.userId !== session.userId) {
      throw forbidden('This refresh token belongs to another account; sign out of that account with its own session.');
    }
    return (await this.endSessions(ctx.em, { id: session.id }, 'LOGOUT', now)) > 0;
  }

  /**
   * Ends the matching active sessions: their refresh tokens stop working at once, and the
   * SessionsEnded event tells the gateways to refuse their access tokens too.
   */
  async endSessions(
    em: EntityManager,
    selection: SessionSelection,
    reason: SessionEndReason,
    now: Date = new Date(),
    details: Pick<EventPayloads['SessionsEnded'], 'method' | 'ip' | 'userAgent'> = {},
  ): Promise<number> {
    const where = 'id' in selection ? { id: selection.id } : { userId: selection.userId, ...(selection.exceptId ? { id: { $ne: selection.exceptId } } : {}) };
    return em.transactional(async (tx) => {
      const active = await tx.find(Session, { ...where, revokedAt: null }, { fields: ['id', 'userId'] });
      if (active.length === 0) return 0;
      await tx.nativeUpdate(Session, { id: { $in: active.map((session) => session.id) } }, { revokedAt: now, revokedReason: reason });
      const userId = active[0].userId;
      const sessionIds = active.map((session) => session.id);
      await recordEvents(tx, [domainEvent('SessionsEnded', { type: 'Session', id: sessionIds[0], version: 1 }, { userId, sessionIds, endedAt: now.toISOString(), reason, ...details })]);
      return active.length;
    });
  }

  private async payload(account: UserAccount, sessionId: string, refreshToken: string, refreshTokenExpiresAt: Date, now: Date): Promise<AuthPayloadType> {
    const access = await this.tokens.issue(
      { sub: account.id, roles: account.roles, pid: account.providerId, lang: account.preferredLanguage, sid: sessionId },
      now,
    );
    return Object.assign(new AuthPayloadType(), {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      user: UserType.from(account, 'SELF'),
    });
  }
}

/** Refuses sign-in to a blocked account (with the operator's reason) or one closed by withdrawal of consent. */
export function blockedError(caller: Caller, account: UserAccount) {
  if (!account.blockedAt && account.closedAt) return forbidden(say(caller, CONTACT_TEXT.accountClosed));
  return forbidden(`${say(caller, AUTH_TEXT.accountBlocked)}${account.blockedReason ?? ''}`);
}
