/**
 * The adapter to the State Electronic Payment System (SEPS): the one place that speaks its HTTP API.
 * The portal registers a payment session; SEPS shows the payer its page and reports the outcome
 * through the signed callback (callback/seps-callback.route.ts).
 */
import { paymentPageUrl } from './payment.rules';

export interface SepsSessionRegistration {
  sessionId: string;
  uin: string;
  amountMinor: number;
  purpose: { ky: string; ru: string };
  callbackUrl: string;
  /** ISO-8601 */
  expiresAt: string;
}

/** SEPS could not be reached or refused the session; nothing was registered on our side. */
export class SepsUnavailableError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'SepsUnavailableError';
  }
}

export class SepsClient {
  private readonly baseUrl: string;

  constructor(private readonly options: { baseUrl: string; timeoutMs?: number }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  pageUrl(sessionId: string): string {
    return paymentPageUrl(this.baseUrl, sessionId);
  }

  /** Registers a session; SEPS treats the same registration twice as one. */
  async registerSession(registration: SepsSessionRegistration): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(registration),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new SepsUnavailableError(`SEPS did not answer at ${this.baseUrl}: ${(error as Error)?.message ?? String(error)}`, null);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new SepsUnavailableError(`SEPS refused the session with HTTP ${response.status}: ${text.slice(0, 300)}`, response.status);
    }
    await response.arrayBuffer().catch(() => undefined);
  }
}
