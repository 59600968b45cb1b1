/**
 * Delivery of one signed application to an EDMS: one POST with a timeout, and what its answer means
 * for the delivery. No retries here: the applications subgraph's delivery job retries with backoff.
 */
import { JOSE_CONTENT_TYPE } from './protocol';

export type DeliveryOutcome =
  /** 2xx with `{"deliveryId"}` naming this delivery: the EDMS has it. */
  | { kind: 'ACKNOWLEDGED'; httpStatus: number }
  /** 2xx, but the answer does not name this delivery id: it went out, the EDMS has not confirmed it. */
  | { kind: 'UNACKNOWLEDGED'; httpStatus: number; reason: string }
  /** No usable answer (timeout, connection refused, non-2xx): try again later; `permanent` when trying again cannot help. */
  | { kind: 'FAILED'; httpStatus: number | null; reason: string; permanent?: boolean };

export interface DeliverOptions {
  endpointUrl: string;
  deliveryId: string;
  /** The compact JWS of the delivery. */
  jws: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

const MAX_ANSWER_CHARS = 200;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_ANSWER_CHARS ? `${flat.slice(0, MAX_ANSWER_CHARS - 1)}…` : flat;
}

export async function deliverToEdms(options: DeliverOptions): Promise<DeliveryOutcome> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(options.endpointUrl, {
      method: 'POST',
      headers: { 'content-type': JOSE_CONTENT_TYPE, accept: 'application/json', 'x-edms-delivery-id': options.deliveryId },
      body: options.jws,
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = (error as Error)?.name;
    const reason = name === 'TimeoutError' || name === 'AbortError' ? `The EDMS did not answer within ${options.timeoutMs} ms.` : `The EDMS could not be reached: ${(error as Error)?.message ?? String(error)}.`;
    return { kind: 'FAILED', httpStatus: null, reason };
  }
  if (response.status < 200 || response.status > 299) {
    return { kind: 'FAILED', httpStatus: response.status, reason: `The EDMS answered HTTP ${response.status}${text ? `: ${excerpt(text)}` : ''}.` };
  }
  let acknowledged: unknown;
  try {
    acknowledged = (JSON.parse(text) as { deliveryId?: unknown }).deliveryId;
  } catch {
    acknowledged = undefined;
  }
  if (acknowledged === options.deliveryId) return { kind: 'ACKNOWLEDGED', httpStatus: response.status };
  const named = typeof acknowledged === 'string' ? `delivery id ${JSON.stringify(excerpt(acknowledged))}` : 'no delivery id';
  return { kind: 'UNACKNOWLEDGED', httpStatus: response.status, reason: `The EDMS answered HTTP ${response.status} acknowledging ${named}, not ${options.deliveryId}.` };
}

/**
 * Why `value` may not be an EDMS endpoint: an absolute http(s) URL without credentials or fragment;
 * https in production; plain http only to a loopback host outside production (the stand-in).
 */
export function endpointUrlProblem(value: string, options: { production: boolean }): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'endpointUrl must be an absolute URL, e.g. https://edms.example.kg/portal/deliveries.';
  }
  if (url.username || url.password) return 'endpointUrl must not carry a user name or password.';
  if (url.hash) return 'endpointUrl must not have a fragment (#...).';
  if (value.length > 2000) return 'endpointUrl must be at most 2000 characters.';
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:') return `endpointUrl must be https (got ${url.protocol.replace(':', '')}).`;
  if (options.production) return 'endpointUrl must be https in production: applications carry personal data.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  return loopback ? null : 'endpointUrl must be https; plain http is allowed only to a loopback address (127.0.0.1, localhost) outside production.';
}
