import { decodeCursor, encodeCursor } from './cursor';

describe('feed cursors', () => {
  it('round-trip a log position', () => {
    for (const seq of [1, 42, 9_007_199_254_740]) expect(decodeCursor(encodeCursor(seq))).toBe(seq);
  });

  it('round-trip a stream position on its own bus only', () => {
    const tag = 'js.PORTAL_EVENTS';
    expect(decodeCursor(encodeCursor(77, tag), tag)).toBe(77);
    expect(decodeCursor(encodeCursor(77, tag))).toBeNull();
    expect(decodeCursor(encodeCursor(77), tag)).toBeNull();
    expect(decodeCursor(encodeCursor(77, 'js.OTHER_STREAM'), tag)).toBeNull();
  });

  it('refuse anything that is not a cursor the gateway issued', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64url');
    const refused = ['', 'abc', '42', `${encodeCursor(1)}=`, b64('log:0'), b64('log:01'), b64('log:-5'), b64('log:1e3'), b64('seq:5'), b64('log:5 '), 'x'.repeat(100)];
    expect(refused.map((cursor) => decodeCursor(cursor))).toEqual(refused.map(() => null));
  });
});
