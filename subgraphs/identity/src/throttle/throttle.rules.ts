/**
 * Login throttling: too many failed passwords for one account, or from one network address, within
 * a sliding window block further attempts until enough failures age out. Pure: no I/O.
 */

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 30;

export type ThrottleDecision = { limited: false } | { limited: true; retryAfterSeconds: number };

/**
 * Given the newest failures inside the window (newest first, at most `limit` of them), decides
 * whether the next attempt must wait, and how long: until the limit-th newest failure leaves the window.
 */
export function decideThrottle(recentFailures: readonly Date[], limit: number, now: Date, windowMs = THROTTLE_WINDOW_MS): ThrottleDecision {
  const inWindow = recentFailures.filter((at) => now.getTime() - at.getTime() < windowMs);
  if (inWindow.length < limit) return { limited: false };
  const oldestThatCounts = inWindow[limit - 1];
  const retryAfterMs = oldestThatCounts.getTime() + windowMs - now.getTime();
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

/** The key failures are counted under: the account when the login named one, else the login string itself. */
export function accountThrottleKey(userId: string | null, normalizedLogin: string): string {
  return userId ? `user:${userId}` : `login:${normalizedLogin.trim().toLowerCase()}`;
}
