/**
 * The adapter to the State Electronic Payment System (SEPS): the one place that speaks its HTTP API.
 * The portal registers a payment session; SEPS shows the payer its page and reports the outcome
 * through the signed callback (callback/seps-callback.route.ts). The portal also registers every
 * accrual (payable by UIN anywhere), asks for refunds and fetches daily statements: those requests
 * carry the portal's signature (x-portal-signature, API secret), and SEPS's answers to refunds and
 * statements carry SEPS's (x-seps-signature, callback secret), checked here before anything is read.
 */
import { signCallback, verifyCallback } from '../callback/callback-signature.rules';
import { paymentPageUrl } from './payment.rules';

export const PORTAL_SIGNATURE_HEADER = 'x-portal-signature';
const SEPS_SIGNATURE_HEADER = 'x-seps-signature';

export interface SepsAccrualRegistration {
  uin: string;
  amountMinor: number;
  purpose: { ky: string; ru: string };
  /** The payer's PIN or tax number: a bank asks for it with the UIN. */
  payerId: string;
  callbackUrl: string;
}

export interface SepsRefundRequest {
  refundId: string;
  uin: string;
  paymentTransactionId: string;
  amountMinor: number;
  reason: string;
}

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

/** SEPS answered, and refused the request for good (4xx): retrying the same request cannot help. */
export class SepsRefusedError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = 'SepsRefusedError';
  }
}

/** An answer that claims to come from SEPS but whose signature does not check: nothing in it is believed. */
export class SepsSignatureError extends Error {
  constructor(readonly reason: string) {
    super(`the payment system's answer is not signed with the shared secret (${reason})`);
    this.name = 'SepsSignatureError';
  }
}

export class SepsClient {
  private readonly baseUrl: string;

  constructor(private readonly options: { baseUrl: string; timeoutMs?: number; apiSecret: string; callbackSecret: string }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** Registers an accrual so it can be paid by its UIN outside the portal; the same registration twice is one. */
  async registerAccrual(registration: SepsAccrualRegistration): Promise<void> {
    await this.signedPost('/api/accruals', registration, { verifyAnswer: false });
  }

  /** Withdraws an accrual nothing is owed on any more, so its UIN can no longer be paid; an unknown one is already gone. */
  async cancelAccrual(uin: string): Promise<void> {
    try {
      await this.signedPost('/api/accruals/cancel', { uin }, { verifyAnswer: false });
    } catch (error) {
      if (!(error instanceof SepsRefusedError && error.httpStatus === 404)) throw error;
    }
  }

  /** Asks SEPS to return a payment; the answer is its signed confirmation (raw JSON, signature checked). */
  async requestRefund(request: SepsRefundRequest): Promise<string> {
    return this.signedPost('/api/refunds', request, { verifyAnswer: true });
  }

  /** The signed statement of one Bishkek day (raw JSON, signature checked). */
  async fetchStatement(day: string): Promise<string> {
    return this.signedPost('/api/statements', { date: day }, { verifyAnswer: true });
  }

  private async signedPost(path: string, payload: unknown, options: { verifyAnswer: boolean }): Promise<string> {
    const body = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', [PORTAL_SIGNATURE_HEADER]: signCallback(body, this.options.apiSecret) },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new SepsUnavailableError(`SEPS did not answer at ${this.baseUrl}${path}: ${(error as Error)?.message ?? String(error)}`, null);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500 || response.status === 429) throw new SepsUnavailableError(`SEPS answered ${path} with HTTP ${response.status}: ${text.slice(0, 300)}`, response.status);
    if (!response.ok) throw new SepsRefusedError(`SEPS refused ${path} with HTTP ${response.status}: ${text.slice(0, 300)}`, response.status);
    if (options.verifyAnswer) {
      const verification = verifyCallback(text, response.headers.get(SEPS_SIGNATURE_HEADER) ?? undefined, this.options.callbackSecret);
      if (!verification.ok) throw new SepsSignatureError(verification.reason);
    }
    return text;
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
