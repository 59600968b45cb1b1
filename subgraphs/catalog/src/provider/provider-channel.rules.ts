/**
 * Moving a provider between the portal's cabinet and its own EDMS: what is valid to configure and
 * whether a configuration changes anything. Pure: no GraphQL, no ORM.
 */
import { checkPublicJwk, endpointUrlProblem, type PublicJwk } from '@portal/edms';

export const PROVIDER_CHANNELS = ['PORTAL', 'EDMS'] as const;
export type ProviderChannelCode = (typeof PROVIDER_CHANNELS)[number];

export interface ProviderChannelState {
  channel: ProviderChannelCode;
  edmsEndpointUrl: string | null;
  edmsPublicKeyJwk: Record<string, unknown> | null;
}

export type EdmsConfigurationCheck = { ok: true; endpointUrl: string; publicKeyJwk: PublicJwk } | { ok: false; problems: string[] };

/** Validates an EDMS configuration; every problem found, each in words. */
export function checkEdmsConfiguration(input: { endpointUrl: string; publicKeyJwk: unknown }, options: { production: boolean }): EdmsConfigurationCheck {
  const problems: string[] = [];
  const urlProblem = endpointUrlProblem(input.endpointUrl, options);
  if (urlProblem) problems.push(urlProblem);
  const key = checkPublicJwk(input.publicKeyJwk);
  if (!key.ok) problems.push(key.problem);
  if (problems.length > 0 || !key.ok) return { ok: false, problems };
  return { ok: true, endpointUrl: new URL(input.endpointUrl.trim()).toString(), publicKeyJwk: key.jwk };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
}

/** Whether moving to `next` changes anything (the same configuration again records nothing). */
export function channelChanges(current: ProviderChannelState, next: ProviderChannelState): boolean {
  return current.channel !== next.channel || current.edmsEndpointUrl !== next.edmsEndpointUrl || !sameJson(current.edmsPublicKeyJwk, next.edmsPublicKeyJwk);
}
