import { LinkSigner } from './signed-links';

describe('LinkSigner', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const documents = new LinkSigner('secret', 'result-document', 900);

  it('accepts its own link until it expires, for that id only', () => {
    const { expires, signature } = documents.sign('DOC-2026-000001', now);
    expect(documents.isValid('DOC-2026-000001', expires, signature, now)).toBe(true);
    expect(documents.isValid('DOC-2026-000001', expires, signature, new Date(now.getTime() + 901_000))).toBe(false);
    expect(documents.isValid('DOC-2026-000002', expires, signature, now)).toBe(false);
  });

  it('refuses a link of another purpose or secret, a changed expiry and malformed parameters', () => {
    const { expires, signature } = new LinkSigner('secret', 'receipt', 900).sign('DOC-2026-000001', now);
    expect(documents.isValid('DOC-2026-000001', expires, signature, now)).toBe(false);
    const other = new LinkSigner('another secret', 'result-document', 900).sign('DOC-2026-000001', now);
    expect(documents.isValid('DOC-2026-000001', other.expires, other.signature, now)).toBe(false);
    const own = documents.sign('DOC-2026-000001', now);
    expect(documents.isValid('DOC-2026-000001', String(Number(own.expires) + 3600), own.signature, now)).toBe(false);
    expect(documents.isValid('DOC-2026-000001', null, own.signature, now)).toBe(false);
    expect(documents.isValid('DOC-2026-000001', '1e9', own.signature, now)).toBe(false);
    expect(documents.isValid('DOC-2026-000001', own.expires, null, now)).toBe(false);
  });

  it('refuses an empty secret', () => {
    expect(() => new LinkSigner('', 'receipt', 900)).toThrow(/secret must not be empty/);
  });
});
