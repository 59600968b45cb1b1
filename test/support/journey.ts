import type { TestPlatform } from './platform';
import type { Signer } from './signing';

// demo services (catalog seed): a paid one (200 som, GRS) and a free one (MVD)
export const BIRTH_CERTIFICATE_DUPLICATE = '7c1e2d3a-4b5c-4d6e-8f70-000000000201';
export const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';

const APPLICATION = 'id number status data accrual { id status }';

export interface SubmittedApplication {
  id: string;
  number: string;
  status: string;
  data: Record<string, unknown>;
}

export interface JourneyNotice {
  id: string;
  type: string;
  title: string;
  application: { id: string } | null;
  deliveries: Array<{ channel: string; status: string; attempts: number; lastError: string | null; nextAttemptAt: string | null; sentAt: string | null; deliveredAt: string | null }>;
}

const NOTICES = `query { me { notifications(first: 50) { edges { node { id type title(lang: KY) application { id } deliveries { channel status attempts lastError nextAttemptAt sentAt deliveredAt } } } } } }`;

/** Saves a draft, signs it with the applicant's key and submits it, as the cabinet does. */
export async function submitApplication(platform: TestPlatform, applicant: { token: string; signer: Signer }, serviceId: string, data: Record<string, unknown>): Promise<SubmittedApplication> {
  const draft = (await platform.ok(`mutation($input: SaveDraftInput!) { saveDraft(input: $input) { ${APPLICATION} } }`, { input: { serviceId, data } }, applicant.token)).saveDraft;
  const signature = await applicant.signer.sign({ applicationId: draft.id, serviceId, data: draft.data });
  return (
    await platform.ok(`mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { ${APPLICATION} } }`, { input: { applicationId: draft.id, signature, signingKeyId: applicant.signer.keyId } }, applicant.token)
  ).submitApplication;
}

/** The notices of one application, as its applicant reads them (titles in Kyrgyz). */
export async function noticesOf(platform: TestPlatform, token: string, applicationId: string): Promise<JourneyNotice[]> {
  const edges = (await platform.ok(NOTICES, {}, token)).me.notifications.edges as Array<{ node: JourneyNotice }>;
  return edges.map((e) => e.node).filter((n) => n.application?.id === applicationId);
}

/** The notices the paid journey gives its applicant, one each. */
export const PAID_JOURNEY_NOTICES = ['APPLICATION_SUBMITTED', 'APPLICATION_ACCEPTED', 'PAYMENT_REQUIRED', 'PAYMENT_CONFIRMED', 'APPLICATION_REVIEW_STARTED', 'APPLICATION_APPROVED'];

/**
 * The paid journey of the demo birth-certificate duplicate: submitted, accepted by the GRS officer,
 * paid through the payment stand-in, approved with a result document the officer signs (qualified).
 */
export async function runPaidJourney(platform: TestPlatform, applicant: { token: string; signer: Signer }, officer: { token: string; signer: Signer }): Promise<SubmittedApplication> {
  const submitted = await submitApplication(platform, applicant, BIRTH_CERTIFICATE_DUPLICATE, {
    issuedFor: 'self',
    personFullName: 'Асанова Айгуль Маратовна',
    personBirthDate: '1990-05-15',
    reason: 'lost',
    registryOffice: 'bishkek',
  });
  await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id: submitted.id }, officer.token);
  const awaiting = await platform.until(
    () => platform.ok(`query($id: ID!) { application(id: $id) { ${APPLICATION} } }`, { id: submitted.id }, applicant.token),
    (d) => Boolean(d.application.accrual),
    'the accrual',
  );
  const session = (await platform.ok('mutation($id: ID!) { startPayment(accrualId: $id) { paymentUrl } }', { id: awaiting.application.accrual.id }, applicant.token)).startPayment;
  const paid = await fetch(session.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) });
  if (paid.status !== 200) throw new Error(`the payment stand-in answered ${paid.status}`);
  await platform.until(() => platform.ok(`query($id: ID!) { application(id: $id) { status } }`, { id: submitted.id }, applicant.token), (d) => d.application.status === 'IN_REVIEW', 'the review');
  const resultDocument = { title: 'Повторное свидетельство о рождении', applicationNumber: submitted.number, holder: 'Асанова Айгуль Маратовна' };
  await platform.ok(
    'mutation($input: DecideInput!) { decideApplication(input: $input) { status } }',
    { input: { applicationId: submitted.id, approve: true, resultDocument, signature: await officer.signer.sign(resultDocument), signingKeyId: officer.signer.keyId } },
    officer.token,
  );
  return submitted;
}
