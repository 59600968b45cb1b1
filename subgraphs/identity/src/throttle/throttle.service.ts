import type { EntityManager } from '@mikro-orm/postgresql';
import { LoginFailure } from './throttle.entity';
import { ACCOUNT_FAILURE_LIMIT, IP_FAILURE_LIMIT, THROTTLE_WINDOW_MS, type ThrottleDecision, decideThrottle } from './throttle.rules';

export type ThrottleVerdict = { limited: false } | { limited: true; scope: 'ACCOUNT' | 'IP'; retryAfterSeconds: number };

/** How long failures are kept at all (the window is 15 minutes; a day helps investigate attacks). */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Failed-login throttling shared by every replica through Postgres. Concurrent attempts can each
 * pass the check before any failure is written, so a burst may exceed the limit by the number of
 * requests in flight; serialising attempts per account would hold a connection across scrypt.
 */
export class LoginThrottle {
  constructor(
    private readonly accountLimit = ACCOUNT_FAILURE_LIMIT,
    private readonly ipLimit = IP_FAILURE_LIMIT,
    private readonly windowMs = THROTTLE_WINDOW_MS,
  ) {}

  async check(em: EntityManager, accountKey: string, ip: string | null, now: Date = new Date()): Promise<ThrottleVerdict> {
    const since = new Date(now.getTime() - this.windowMs);
    const [accountFailures, ipFailures] = await Promise.all([
      this.recentFailures(em, { accountKey }, since, this.accountLimit),
      ip ? this.recentFailures(em, { ip }, since, this.ipLimit) : Promise.resolve([]),
    ]);
    const byAccount: ThrottleDecision = decideThrottle(accountFailures, this.accountLimit, now, this.windowMs);
    if (byAccount.limited) return { limited: true, scope: 'ACCOUNT', retryAfterSeconds: byAccount.retryAfterSeconds };
    const byIp: ThrottleDecision = ip ? decideThrottle(ipFailures, this.ipLimit, now, this.windowMs) : { limited: false };
    if (byIp.limited) return { limited: true, scope: 'IP', retryAfterSeconds: byIp.retryAfterSeconds };
    return { limited: false };
  }

  async recordFailure(em: EntityManager, accountKey: string, ip: string | null, now: Date = new Date()): Promise<void> {
    await em.insert(Object.assign(new LoginFailure(), { accountKey, ip, failedAt: now }));
  }

  /** A successful login forgives the account's failures (not the address's). */
  async forgiveAccount(em: EntityManager, accountKey: string): Promise<void> {
    await em.nativeDelete(LoginFailure, { accountKey });
  }

  async prune(em: EntityManager, now: Date = new Date()): Promise<number> {
    return em.nativeDelete(LoginFailure, { failedAt: { $lt: new Date(now.getTime() - RETENTION_MS) } });
  }

  private async recentFailures(em: EntityManager, where: { accountKey: string } | { ip: string }, since: Date, limit: number): Promise<Date[]> {
    const rows = await em.find(LoginFailure, { ...where, failedAt: { $gt: since } }, { orderBy: { failedAt: 'desc' }, limit, fields: ['failedAt'] });
    return rows.map((row) => row.failedAt);
  }
}
