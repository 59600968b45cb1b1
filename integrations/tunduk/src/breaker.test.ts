import { CircuitBreaker } from './breaker';

describe('circuit breaker', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('stays closed below the threshold and resets the count on success', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, resetAfterMs: 100 }, clock);
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state()).toBe('CLOSED');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after N consecutive failures and refuses calls until the cool-down ends', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, resetAfterMs: 100 }, clock);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state()).toBe('OPEN');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAfterMs()).toBe(100);
    now += 60;
    expect(breaker.retryAfterMs()).toBe(40);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('half-open lets exactly one trial through: success closes, failure opens again', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 100 }, clock);
    breaker.recordFailure();
    now += 100;
    expect(breaker.state()).toBe('HALF_OPEN');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordFailure();
    expect(breaker.state()).toBe('OPEN');
    now += 100;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('CLOSED');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('refuses nonsense settings', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, resetAfterMs: 10 })).toThrow(/failureThreshold/);
    expect(() => new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 0 })).toThrow(/resetAfterMs/);
  });
});
