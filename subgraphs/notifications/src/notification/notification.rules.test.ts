import { encodeCursor, decodeCursor } from '@portal/kit';
import { cursorOf, isNotificationCursor, MAX_MARK_READ_IDS, markReadIdsProblem } from './notification.rules';

const id = '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001';

describe('notification cursors', () => {
  it('round-trip through the kit cursor encoding', () => {
    const cursor = cursorOf({ createdAt: new Date('2026-11-22T10:00:00.123Z'), id });
    expect(decodeCursor(encodeCursor(cursor), isNotificationCursor)).toEqual({ t: '2026-11-22T10:00:00.123Z', i: id });
  });

  it('are refused when they do not hold a time and a notification id', () => {
    expect(isNotificationCursor({ t: 'yesterday', i: id })).toBe(false);
    expect(isNotificationCursor({ t: '2026-11-22T10:00:00Z', i: 'x' })).toBe(false);
    expect(isNotificationCursor({ o: 20 })).toBe(false);
    expect(isNotificationCursor(null)).toBe(false);
  });
});

describe('markReadIdsProblem', () => {
  it('accepts up to 500 notification ids', () => {
    expect(markReadIdsProblem([])).toBeNull();
    expect(markReadIdsProblem(Array.from({ length: MAX_MARK_READ_IDS }, () => id))).toBeNull();
  });

  it('names the problem otherwise', () => {
    expect(markReadIdsProblem(Array.from({ length: 501 }, () => id))).toBe('Mark at most 500 notifications at once; got 501. Split the list.');
    expect(markReadIdsProblem([id, '42'])).toBe('ids[1] is not a notification id.');
  });
});
