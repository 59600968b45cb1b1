import type { EntityManager } from '@mikro-orm/postgresql';
import { type Caller, domainEvent, hashOneTimeCode, newOneTimeCode, normalizeOneTimeCode, oneTimeCodeMatches, type OneTimeCodeKeys, recordEvents, sealOneTimeCode } from '@portal/kit';
import type { ThrottleDecision } from '../throttle/throttle.rules';
import type { UserAccount } from '../user/user.entity';
import { OneTimeCode, OneTimeCodeRequest } from './contact.entity';
import { CODE_REQUEST_IP_LIMIT, CODE_REQUEST_LIMIT, CODE_REQUEST_WINDOW_MS, type CodeChannel, type CodePurpose, codeState, decideCodeRequest, MAX_WRONG_CODE_ATTEMPTS } from './contact.rules';

export type CodeVerdict = { ok: true; codeId: string; destination: string; channel: CodeChannel } | { ok: false; reason: 'NONE' | 'EXPIRED' | 'TOO_MANY_WRONG' | 'FORMAT' } | { ok: false; reason: 'WRONG'; attemptsLeft: number };

/** How long code requests are kept at all (the window is 15 minutes). */
const REQUEST_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Issues and checks one-time codes. A code is drawn here, stored as an HMAC, and handed to the
 * notifications subgraph sealed in a OneTimeCodeRequested event (same transaction), which sends it
 * over its channel; wrong tries are counted atomically, so parallel guesses cannot exceed the limit.
 */
export class OneTimeCodes {
  constructor(
    private readonly keys: OneTimeCodeKeys,
    private readonly ttlMs: number,
  ) {}

  /** Counts a request for a code under `scopeKey` and the address, unless the limit is reached. */
  async admitRequest(em: EntityManager, scopeKey: string, ip: string | null, now: Date): Promise<ThrottleDecision> {
    const since = new Date(now.getTime() - CODE_REQUEST_WINDOW_MS);
    const [byKey, byIp] = await Promise.all([
      em.find(OneTimeCodeRequest, { scopeKey, requestedAt: { $gt: since } }, { orderBy: { requestedAt: 'desc' }, limit: CODE_REQUEST_LIMIT, fields: ['requestedAt'] }),
      ip ? em.find(OneTimeCodeRequest, { ip, requestedAt: { $gt: since } }, { orderBy: { requestedAt: 'desc' }, limit: CODE_REQUEST_IP_LIMIT, fields: ['requestedAt'] }) : Promise.resolve([]),
    ]);
    const decision = decideCodeRequest(byKey.map((r) => r.requestedAt), byIp.map((r) => r.requestedAt), now);
    if (!decision.limited) await em.insert(Object.assign(new OneTimeCodeRequest(), { scopeKey, ip, requestedAt: now }));
    return decision;
  }

  /** Voids the account's open codes of this purpose, stores a new one and hands it to notifications, in `tx`. */
  async issue(tx: EntityManager, account: UserAccount, target: { purpose: CodePurpose; channel: CodeChannel; destination: string }, caller: Pick<Caller, 'ip'>, now: Date): Promise<OneTimeCode> {
    await tx.nativeUpdate(OneTimeCode, { userId: account.id, purpose: target.purpose, usedAt: null, voidedAt: null }, { voidedAt: now });
    const plain = newOneTimeCode();
    const code = Object.assign(new OneTimeCode(), {
      userId: account.id,
      ...target,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.ttlMs),
      ip: caller.ip,
    });
    code.codeHash = hashOneTimeCode(this.keys, code.id, plain);
    tx.persist(code);
    await recordEvents(tx, [
      domainEvent('OneTimeCodeRequested', { type: 'OneTimeCode', id: code.id, version: 1 }, {
        codeId: code.id,
        userId: account.id,
        purpose: target.purpose === 'PASSWORD_RESET' ? 'PASSWORD_RESET' : 'VERIFY_CONTACT',
        channel: target.channel,
        destination: target.destination,
        preferredLanguage: account.preferredLanguage,
        sealedCode: sealOneTimeCode(this.keys, code.id, plain),
        expiresAt: code.expiresAt.toISOString(),
      }),
    ]);
    return code;
  }

  /** Voids every open code of the account (consent withdrawn: nothing may be confirmed any more). */
  async voidAll(tx: EntityManager, userId: string, now: Date): Promise<void> {
    await tx.nativeUpdate(OneTimeCode, { userId, usedAt: null, voidedAt: null }, { voidedAt: now });
  }

  /** Compares a typed code with the account's newest open code of this purpose; a try counts before the comparison. */
  async check(em: EntityManager, userId: string, purpose: CodePurpose, typed: string, now: Date): Promise<CodeVerdict> {
    const [code] = await em.find(OneTimeCode, { userId, purpose, usedAt: null, voidedAt: null }, { orderBy: { createdAt: 'desc' }, limit: 1 });
    const state = codeState(code ?? null, now);
    if (state !== 'OPEN') return { ok: false, reason: state };
    const normalized = normalizeOneTimeCode(typed);
    if (!normalized) return { ok: false, reason: 'FORMAT' };
    const counted = await em.execute<Array<{ wrong_attempts: number }>>(
      `update identity.one_time_code set wrong_attempts = wrong_attempts + 1
        where id = ? and wrong_attempts < ? and used_at is null and voided_at is null returning wrong_attempts`,
      [code.id, MAX_WRONG_CODE_ATTEMPTS],
    );
    if (counted.length === 0) return { ok: false, reason: 'TOO_MANY_WRONG' };
    if (!oneTimeCodeMatches(this.keys, code.id, normalized, code.codeHash)) {
      return { ok: false, reason: 'WRONG', attemptsLeft: MAX_WRONG_CODE_ATTEMPTS - counted[0].wrong_attempts };
    }
    return { ok: true, codeId: code.id, destination: code.destination, channel: code.channel };
  }

  /** Spends a matched code inside the change it allows (the right try does not count as wrong); false when another request spent it first. */
  async spend(tx: EntityManager, codeId: string, now: Date): Promise<boolean> {
    const spent = await tx.execute<Array<{ id: string }>>(
      `update identity.one_time_code set used_at = ?, wrong_attempts = greatest(wrong_attempts - 1, 0)
        where id = ? and used_at is null and voided_at is null returning id`,
      [now, codeId],
    );
    return spent.length > 0;
  }

  async prune(em: EntityManager, now: Date = new Date()): Promise<void> {
    const before = new Date(now.getTime() - REQUEST_RETENTION_MS);
    await em.nativeDelete(OneTimeCodeRequest, { requestedAt: { $lt: before } });
    await em.nativeDelete(OneTimeCode, { expiresAt: { $lt: before } });
  }
}
