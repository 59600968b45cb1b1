import { accountThrottleKey, decideThrottle } from './throttle.rules';

const NOW = new Date('2026-06-01T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe('login throttling', () => {
  it('lets attempts through below the limit', () => {
    expect(decideThrottle([minutesAgo(1), minutesAgo(2), minutesAgo(3), minutesAgo(4)], 5, NOW)).toEqual({ limited: false });
  });

  it('blocks at the limit until the oldest counted failure leaves the 15-minute window', () => {
    const failures = [minutesAgo(1), minutesAgo(2), minutesAgo(3), minutesAgo(4), minutesAgo(10)];
    expect(decideThrottle(failures, 5, NOW)).toEqual({ limited: true, retryAfterSeconds: 5 * 60 });
  });

  it('ignores failures older than the window', () => {
    const failures = [minutesAgo(1), minutesAgo(2), minutesAgo(3), minutesAgo(4), minutesAgo(16)];
    expect(decideThrottle(failures, 5, NOW)).toEqual({ limited: false });
  });

  it('counts failures per account when the login named one, else per login string', () => {
    expect(accountThrottleKey('u1', 'aigul@example.kg')).toBe('user:u1');
    expect(accountThrottleKey(null, ' Nobody@Example.kg ')).toBe('login:nobody@example.kg');
  });
});
