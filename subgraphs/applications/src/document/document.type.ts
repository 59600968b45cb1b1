import { JSONScalar, type LocalizedText, PERSONAL_DATA_DIRECTIVE } from '@portal/kit';
import { Directive, Field, ObjectType } from 'type-graphql';
import type { ApplicationOfData } from '../application/personal-data';
import type { ResultDocumentEntity } from './result-document.entity';

@ObjectType('ResultDocument', { description: 'The electronic result of an approved application, signed by the authorised officer (R-33).' })
export class ResultDocument {
  @Field({ description: 'e.g. DOC-2026-000045; anyone can check it with verifyDocument.' })
  number!: string;

  @Field(() => Date)
  issuedAt!: Date;

  @Field({ description: 'SHA-256 (hex) of the UTF-8 RFC 8785 canonical JSON of the document.' })
  sha256!: string;

  @Field({ description: 'Compact JWS (ES256) whose payload is the canonical JSON of the document.' })
  signature!: string;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field({ description: 'Where the signed document (JSON with the document, signature, sha256 and signer key) is served.' })
  downloadUrl!: string;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => JSONScalar, { description: 'The document as signed.' })
  document!: Record<string, unknown>;

  /** Read by `signedBy`. */
  signedById!: string;

  /** Not in the schema: the application it was issued on (a read by others than the applicant is recorded). */
  application!: ApplicationOfData;

  static from(row: ResultDocumentEntity, documentsBaseUrl: string, application: ApplicationOfData): ResultDocument {
    return Object.assign(new ResultDocument(), {
      application,
      number: row.number,
      issuedAt: row.issuedAt,
      sha256: row.sha256,
      signature: row.signature,
      downloadUrl: documentUrl(documentsBaseUrl, row.number),
      document: row.document,
      signedById: row.signedBy,
    });
  }
}

export function documentUrl(documentsBaseUrl: string, number: string): string {
  return `${documentsBaseUrl.replace(/\/+$/, '')}/${encodeURIComponent(number)}`;
}

@ObjectType('DocumentVerification', { description: 'Whether a document with this number was issued through the portal and is intact (decree item 4).' })
export class DocumentVerification {
  @Field()
  valid!: boolean;

  @Field()
  number!: string;

  @Field(() => Date, { nullable: true })
  issuedAt!: Date | null;

  /** Read by the localized fields. */
  serviceTitleText!: LocalizedText | null;
  issuerText!: LocalizedText | null;
  reasonText!: LocalizedText | null;
}
