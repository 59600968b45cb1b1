import type { BusEvent } from '@portal/kit';
import { SessionRevocations } from './revocations';

const event = (seq: number, type: string, payload: Record<string, unknown>): BusEvent => ({
  seq,
  eventId: `e${seq}`,
  source: 'identity',
  type,
  aggregateType: 'User',
  aggregateId: 'u1',
  aggregateVersion: seq,
  payload,
  occurredAt: new Date(),
});
const profile = (blocked: boolean) => ({ userId: 'u1', blocked });

describe('SessionRevocations', () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('refuses tokens of an ended session issued before it ended, and only those', () => {
    const revocations = new SessionRevocations();
    const issued = nowSeconds() - 5;
    expect(revocations.refusal('u1', 's1', issued)).toBeNull();
    const ended = revocations.onEvent(event(1, 'SessionsEnded', { userId: 'u1', sessionIds: ['s1'], endedAt: new Date().toISOString(), reason: 'LOGOUT' }));
    expect(ended).toEqual({ userId: 'u1', sessionIds: ['s1'] });
    expect(revocations.refusal('u1', 's1', issued)).toMatch(/session has ended/);
    expect(revocations.refusal('u1', 's2', issued)).toBeNull();
    expect(revocations.refusal('u1', null, issued)).toBeNull();
  });

  it('refuses every token of a blocked user until unblocked, whatever order backfill and tail deliver in', () => {
    const revocations = new SessionRevocations();
    expect(revocations.onEvent(event(5, 'UserProfileChanged', profile(true)))).toEqual({ userId: 'u1', sessionIds: null });
    expect(revocations.refusal('u1', 's9', nowSeconds())).toMatch(/blocked/);
    // an older "not blocked" state arriving late (backfill) does not undo the newer block
    revocations.onEvent(event(3, 'UserProfileChanged', profile(false)));
    expect(revocations.refusal('u1', 's9', nowSeconds())).toMatch(/blocked/);
    revocations.onEvent(event(7, 'UserProfileChanged', profile(false)));
    expect(revocations.refusal('u1', 's9', nowSeconds())).toBeNull();
  });

  it('ignores other events', () => {
    const revocations = new SessionRevocations();
    expect(revocations.onEvent(event(1, 'ApplicationStatusChanged', { applicantId: 'u1' }))).toBeNull();
  });
});
