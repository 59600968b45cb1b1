import type { TestPlatform } from './platform';
import type { Signer } from './signing';

/** The demo outdoor-advertising permit (Bishkek meria): its form asks for a sketch (FILE, required). */
export const OUTDOOR_ADVERTISING_PERMIT = '7c1e2d3a-4b5c-4d6e-8f70-000000000402';

/** A small file that is a PDF by its first bytes. */
export const SAMPLE_PDF = Buffer.concat([Buffer.from('%PDF-1.4\n% эскиз\n'), Buffer.alloc(512, 0x20), Buffer.from('\n%%EOF\n')]);

export const START_UPLOAD = 'mutation($input: StartAttachmentUploadInput!) { startAttachmentUpload(input: $input) { attachmentId uploadUrl expiresAt maxBytes } }';

export interface FileValue {
  name: string;
  sha256: string;
  size: number;
  mimeType: string;
}

/** Declares a file through the gateway and POSTs its bytes to the upload URL; the answer is the FILE value. */
export async function uploadAttachment(platform: TestPlatform, token: string, applicationId: string, field: string, bytes: Buffer, file: { name: string; mimeType: string } = { name: 'эскиз.pdf', mimeType: 'application/pdf' }): Promise<FileValue> {
  const { uploadUrl } = (await platform.ok(START_UPLOAD, { input: { applicationId, field, name: file.name, mimeType: file.mimeType, size: bytes.length } }, token)).startAttachmentUpload;
  const response = await fetch(uploadUrl, { method: 'POST', headers: { 'content-type': file.mimeType }, body: new Uint8Array(bytes) });
  if (response.status !== 201) throw new Error(`the upload answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as FileValue;
}

/** A draft of the outdoor-advertising permit with everything but the sketch. */
export async function advertisingPermitDraft(platform: TestPlatform, token: string): Promise<{ id: string; data: Record<string, unknown> }> {
  return (
    await platform.ok(
      'mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }',
      { input: { serviceId: OUTDOOR_ADVERTISING_PERMIT, data: { constructionType: 'signboard', placementAddress: 'г. Бишкек, пр. Чуй, 120', area: 2.5, periodMonths: 12 } } },
      token,
    )
  ).saveDraft;
}

/** The permit applied for with a sketch uploaded through the gateway, signed (qualified) and submitted. */
export async function submitWithAttachment(platform: TestPlatform, applicant: { token: string; signer: Signer }): Promise<{ id: string; number: string; data: Record<string, unknown>; sketch: FileValue }> {
  const draft = await advertisingPermitDraft(platform, applicant.token);
  const sketch = await uploadAttachment(platform, applicant.token, draft.id, 'sketchFile', SAMPLE_PDF);
  const saved = (await platform.ok('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id data } }', { input: { serviceId: OUTDOOR_ADVERTISING_PERMIT, applicationId: draft.id, data: { sketchFile: sketch } } }, applicant.token)).saveDraft;
  const signature = await applicant.signer.sign({ applicationId: saved.id, serviceId: OUTDOOR_ADVERTISING_PERMIT, data: saved.data });
  const submitted = (
    await platform.ok('mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id number data } }', { input: { applicationId: saved.id, signature, signingKeyId: applicant.signer.keyId } }, applicant.token)
  ).submitApplication;
  return { ...submitted, sketch };
}
