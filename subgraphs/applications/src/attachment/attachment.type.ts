import { PERSONAL_DATA_DIRECTIVE } from '@portal/kit';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { ApplicationOfData } from '../application/personal-data';

@InputType('StartAttachmentUploadInput', { description: 'A file for a FILE field of the caller\'s own draft, declared before its bytes are sent.' })
export class StartAttachmentUploadInput {
  @Field(() => ID)
  applicationId!: string;

  @Field({ description: 'The FILE field of the form the file is for.' })
  field!: string;

  @Field({ description: 'The file name shown to the officer, e.g. ustav.pdf (1-200 characters, no / or \\).' })
  name!: string;

  @Field({ description: 'The MIME type, one of the accepted ones (see README "Files"), e.g. application/pdf; the upload must be sent with this Content-Type.' })
  mimeType!: string;

  @Field(() => Int, { description: 'The exact size in bytes; the upload must have this length.' })
  size!: number;
}

@ObjectType('AttachmentUpload', { description: 'Where to send the bytes of a declared attachment: POST them to uploadUrl before expiresAt.' })
export class AttachmentUpload {
  @Field(() => ID)
  attachmentId!: string;

  @Field({
    description:
      "A signed URL at the gateway's origin: POST the file's bytes as the request body with the declared Content-Type. The answer (201) is the FILE value to put in the form data: {name, sha256, size, mimeType}.",
  })
  uploadUrl!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => Int, { description: 'The largest file accepted, in bytes.' })
  maxBytes!: number;
}

@ObjectType('Attachment', { description: 'A file uploaded for a FILE field of the application; the sha256 was computed by the portal.' })
export class Attachment {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The form field it was uploaded for.' })
  field!: string;

  @Field()
  name!: string;

  @Field()
  mimeType!: string;

  @Field(() => Int)
  size!: number;

  @Field({ description: 'SHA-256 (hex) of the bytes as received.' })
  sha256!: string;

  @Field(() => Date)
  uploadedAt!: Date;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field({ description: "A link at the gateway's origin to the file; it works for 15 minutes, ask for the field again for a new one." })
  downloadUrl!: string;

  /** Not in the schema: the application it belongs to (a read by others than the applicant is recorded). */
  application!: ApplicationOfData;
}
