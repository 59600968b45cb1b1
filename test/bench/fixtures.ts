import { exportJWK, generateKeyPair } from 'jose';
import { signCanonical } from '../support/signing';

export type Gql = (query: string, variables?: Record<string, unknown>, token?: string) => Promise<any>;

/** A GraphQL client for the gateway that throws on errors (benchmark set-up must not half-succeed). */
export function gatewayClient(url: string): Gql {
  return async (query, variables = {}, token) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(`${query.slice(0, 50)}…: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
}

export async function login(gql: Gql, loginName: string, password: string): Promise<string> {
  return (await gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { login: loginName, password } })).login.accessToken;
}

/** Registers a fresh P-256 key for the signed-in user and returns a signer of canonical JSON. */
export async function simpleSigner(gql: Gql, token: string): Promise<{ keyId: string; sign(value: unknown): Promise<string> }> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const registered = await gql('mutation($jwk: JSON!) { registerSigningKey(publicKeyJwk: $jwk) { id } }', { jwk: await exportJWK(publicKey) }, token);
  return {
    keyId: registered.registerSigningKey.id,
    sign: (value) => signCanonical(privateKey, value),
  };
}

// the demo seed's paid birth-certificate duplicate (State Registration Service)
export const PAID_SERVICE = '7c1e2d3a-4b5c-4d6e-8f70-000000000201';
const PAID_SERVICE_DATA = { issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' };

/** Drafts, signs and submits `count` applications for the paid service; returns their ids. */
export async function submitApplications(gql: Gql, citizen: string, count: number): Promise<string[]> {
  const signer = await simpleSigner(gql, citizen);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const draft = (await gql('mutation($i: SaveDraftInput!) { saveDraft(input: $i) { id data } }', { i: { serviceId: PAID_SERVICE, data: PAID_SERVICE_DATA } }, citizen)).saveDraft;
    const signature = await signer.sign({ applicationId: draft.id, serviceId: PAID_SERVICE, data: draft.data });
    await gql('mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { id } }', { i: { applicationId: draft.id, signature, signingKeyId: signer.keyId } }, citizen);
    ids.push(draft.id);
  }
  return ids;
}
