import type { Caller } from '@portal/kit';
import { AccountChange } from './account.entity';

type ChangeFields = Pick<AccountChange, 'userId' | 'action' | 'at'> & Partial<Pick<AccountChange, 'targetSessionId' | 'sessionsEnded' | 'channel' | 'previousValue' | 'newValue'>>;

/** One row of the account's history: what changed, and from where the caller asked for it (address, browser, session). */
export function accountChangeBy(caller: Caller, change: ChangeFields): AccountChange {
  return Object.assign(new AccountChange(), {
    ip: caller.ip,
    userAgent: caller.userAgent ?? null,
    fromSessionId: caller.sessionId ?? null,
    ...change,
  });
}
