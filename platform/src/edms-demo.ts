import { IDENTITY_DEMO_ACCOUNTS } from '@portal/identity';
import { CALLER_HEADER, DEMO_PROVIDERS, DEMO_USERS, newRequestId, signCallerToken } from '@portal/kit';
import type { EdmsStandin } from '@portal/standins';

/** The demo provider served through the EDMS stand-in: the State Tax Service (its three services). */
export const EDMS_DEMO_PROVIDER_CODE = 'STS';

/** Who signs the stand-in's result documents: the tax service's demo officer (a qualified certificate for STS is issued to them). */
export function edmsDemoSigner(): { pin: string; name: string } {
  const officer = IDENTITY_DEMO_ACCOUNTS.find((account) => account.id === DEMO_USERS.OFFICER_STS);
  if (!officer) throw new Error('the demo seed has no officer of the State Tax Service');
  return { pin: officer.pin, name: officer.fullName };
}

/**
 * Moves the demo provider to the EDMS stand-in the way the operator would: configureProviderEdms
 * on the catalog, as the demo operator (the launcher holds the internal secret the gateway signs
 * callers with). The same endpoint and key again change nothing, so every start may do it.
 */
export async function configureEdmsDemoProvider(catalogUrl: string, internalSecret: string, edms: EdmsStandin): Promise<void> {
  const requestId = newRequestId();
  const token = await signCallerToken({ userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR'], providerId: null, acceptLanguage: null, preferredLanguage: 'RU', ip: null, requestId }, internalSecret);
  const response = await fetch(`${catalogUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CALLER_HEADER]: token, 'x-request-id': requestId },
    body: JSON.stringify({
      query: 'mutation($id: ID!, $url: String!, $jwk: JSON!) { configureProviderEdms(providerId: $id, endpointUrl: $url, publicKeyJwk: $jwk) { channel } }',
      variables: { id: DEMO_PROVIDERS[EDMS_DEMO_PROVIDER_CODE], url: edms.deliveriesUrl, jwk: edms.publicJwk },
    }),
  });
  const result = (await response.json()) as { data?: { configureProviderEdms?: { channel: string } }; errors?: unknown };
  if (result.data?.configureProviderEdms?.channel !== 'EDMS') throw new Error(`configuring ${EDMS_DEMO_PROVIDER_CODE} for the EDMS stand-in failed: ${JSON.stringify(result.errors)}`);
}
