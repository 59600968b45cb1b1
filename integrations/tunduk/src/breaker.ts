/**
 * A circuit breaker for one registry service: after `failureThreshold` consecutive failures it opens
 * and refuses calls for `resetAfterMs`; then it lets one trial call through (half-open), which closes
 * it on success and opens it again on failure.
 */
export interface BreakerSettings {
  failureThreshold: number;
  resetAfterMs: number;
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(settings.failureThreshold) || settings.failureThreshold < 1) throw new Error('breaker failureThreshold must be a whole number of at least 1');
    if (!(settings.resetAfterMs > 0)) throw new Error('breaker resetAfterMs must be positive');
  }

  state(): BreakerState {
    if (this.openedAt === null) return 'CLOSED';
    return this.now() - this.openedAt >= this.settings.resetAfterMs ? 'HALF_OPEN' : 'OPEN';
  }

  /** Milliseconds until a trial call is allowed again (0 when calls may go through). */
  retryAfterMs(): number {
    if (this.openedAt === null) return 0;
    return Math.max(0, this.openedAt + this.settings.resetAfterMs - this.now());
  }

  /** Whether a call may go now; in half-open only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state();
    if (state === 'CLOSED') return true;
    if (state === 'OPEN' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.settings.failureThreshold) this.openedAt = this.now();
    this.trialInFlight = false;
  }
}
