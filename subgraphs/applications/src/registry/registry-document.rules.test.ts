import { afterFetchAttempt, plannedRegistryDocuments, type RegistryRetryPolicy, registryKeyOf, whyIntakeWaits, whyNotWaivable } from './registry-document.rules';

const title = { ru: 'Документ', ky: 'Документ' };
const source = (code: string) => ({ service: `KG/GOV/70000002/registry/${code}`, registry: 'GRS', keyedBy: 'pin' as const });
const policy: RegistryRetryPolicy = { initialDelayMs: 1000, maxDelayMs: 60_000, maxForgedAttempts: 3 };
const now = new Date('2026-12-01T09:00:00Z');

describe('plannedRegistryDocuments', () => {
  it('plans every registry document marked obtainedByPortal, once, and skips the portal’s own payment confirmation', () => {
    const { planned, unknown } = plannedRegistryDocuments(
      [
        { code: 'passport-data', title, obtainedByPortal: true },
        { code: 'passport-data', title, obtainedByPortal: true },
        { code: 'payment-confirmation', title, obtainedByPortal: true },
        { code: 'photo', title, obtainedByPortal: false },
        { code: 'divorce-record', title, obtainedByPortal: true },
      ],
      (code) => (code === 'passport-data' ? source(code) : null),
    );
    expect(planned).toEqual([{ code: 'passport-data', title, source: source('passport-data'), keyField: null }]);
    expect(unknown).toEqual(['divorce-record']);
  });

  it('fetches a document about another person by the PIN the form names', () => {
    const { planned } = plannedRegistryDocuments([{ code: 'partner-passport-data', title, obtainedByPortal: true }], (code) => source(code));
    expect(planned).toEqual([{ code: 'partner-passport-data', title, source: source('passport-data'), keyField: 'partnerPin' }]);
    expect(registryKeyOf(planned[0], '11111111111111', { partnerPin: ' 22222222222222 ' })).toBe('22222222222222');
    expect(registryKeyOf(planned[0], '11111111111111', {})).toBeNull();
    expect(registryKeyOf({ keyField: null }, '11111111111111', { partnerPin: 'x' })).toBe('11111111111111');
  });
});

describe('afterFetchAttempt', () => {
  const base = { attempts: 1, now, random: 1, policy };

  it('keeps a found document with its message id, and a not-found answer as final', () => {
    expect(afterFetchAttempt({ ...base, outcome: { kind: 'found', data: { a: 1 }, messageId: 'm1' } })).toEqual({ status: 'FETCHED', data: { a: 1 }, messageId: 'm1', lastError: null, nextAttemptAt: null });
    expect(afterFetchAttempt({ ...base, outcome: { kind: 'not-found', messageId: 'm2' } })).toMatchObject({ status: 'NOT_FOUND', messageId: 'm2' });
  });

  it('never gives up on a registry that does not answer: the backoff doubles up to its cap', () => {
    const after = (attempts: number) => afterFetchAttempt({ ...base, attempts, outcome: { kind: 'unavailable', reason: 'timeout' } });
    expect(after(1)).toEqual({ status: 'PENDING', data: null, messageId: null, lastError: 'timeout', nextAttemptAt: new Date(now.getTime() + 1000) });
    expect(after(3).nextAttemptAt).toEqual(new Date(now.getTime() + 4000));
    expect(after(1000)).toMatchObject({ status: 'PENDING', nextAttemptAt: new Date(now.getTime() + 60_000) });
  });

  it('fails a document whose answers keep failing verification, after the last allowed attempt', () => {
    expect(afterFetchAttempt({ ...base, attempts: 2, outcome: { kind: 'forged', reason: 'bad signature' } }).status).toBe('PENDING');
    const failed = afterFetchAttempt({ ...base, attempts: 3, outcome: { kind: 'forged', reason: 'bad signature' } });
    expect(failed).toEqual({ status: 'FAILED', data: null, messageId: null, lastError: 'Gave up after 3 answers that failed verification: bad signature', nextAttemptAt: null });
  });
});

it('fails a request the registry refuses at once: asking again cannot help', () => {
  expect(afterFetchAttempt({ attempts: 1, now, random: 1, policy, outcome: { kind: 'rejected', reason: '400 bad key' } })).toMatchObject({ status: 'FAILED', lastError: 'The registry refused the request: 400 bad key' });
});

describe('intake and waivers', () => {
  it('waits for PENDING and FAILED documents, not for fetched, not-found or waived ones, in the caller’s language', () => {
    expect(whyIntakeWaits([{ code: 'a', status: 'FETCHED' }, { code: 'b', status: 'NOT_FOUND' }, { code: 'c', status: 'WAIVED' }], 'RU')).toBeNull();
    expect(whyIntakeWaits([{ code: 'a', status: 'PENDING' }, { code: 'b', status: 'FAILED' }], 'RU')).toMatch(/^Документы .* a \(PENDING\), b \(FAILED\)/);
    expect(whyIntakeWaits([{ code: 'a', status: 'PENDING' }], 'KY')).toMatch(/^Мамлекеттик реестрлерден/);
  });

  it('lets only a blocking document be waived, only at intake', () => {
    expect(whyNotWaivable({ code: 'a', status: 'PENDING' }, 'SUBMITTED')).toBeNull();
    expect(whyNotWaivable({ code: 'a', status: 'FAILED' }, 'SUBMITTED')).toBeNull();
    expect(whyNotWaivable({ code: 'a', status: 'FETCHED' }, 'SUBMITTED')).toMatch(/only a PENDING or FAILED/);
    expect(whyNotWaivable({ code: 'a', status: 'PENDING' }, 'IN_REVIEW')).toMatch(/only at intake/);
  });
});
