import { JSONScalar, type LocalizedText, PERSONAL_DATA_DIRECTIVE } from '@portal/kit';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import type { ApplicationOfData } from '../application/personal-data';
import type { DocumentLinks } from './document-link.rules';
import type { ResultDocumentEntity } from './result-document.entity';

/** Values equal their names: the federated schema is rebuilt from its SDL, which keeps names only. */
export enum FileFormat {
  PDF = 'PDF',
  JSON = 'JSON',
}

registerEnumType(FileFormat, {
  name: 'FileFormat',
  description: 'How a file link opens: the accessible PDF (tagged, with title and language) or the data as JSON.',
  valuesConfig: { PDF: { description: 'Printable, accessible PDF in the language asked (or the caller\'s).' }, JSON: { description: 'The data as JSON.' } },
});

/** A signed file link with the format and language it opens in (neither is part of the permission). */
export function withFormat(link: string, format: FileFormat, language: 'KY' | 'RU'): string {
  const url = new URL(link);
  url.searchParams.set('format', format.toLowerCase());
  url.searchParams.set('lang', language.toLowerCase());
  return url.toString();
}

@ObjectType('ResultDocument', { description: 'The electronic result of an approved application, signed by the authorised officer (R-33).' })
export class ResultDocument {
  @Field({ description: 'e.g. DOC-2026-000045, human-readable; with the verification code anyone holding the document can check it with verifyDocument.' })
  number!: string;

  @Field(() => Date)
  issuedAt!: Date;

  @Field({ description: 'SHA-256 (hex) of the UTF-8 RFC 8785 canonical JSON of the document.' })
  sha256!: string;

  @Field({ description: 'Compact JWS (ES256) whose payload is the canonical JSON of the document.' })
  signature!: string;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field({
    description:
      "A link at the gateway's origin to the signed document: JSON (default: the document, its verification code, signature, sha256 and signer key) or the accessible PDF; it works for 15 minutes, ask for the field again for a new one.",
  })
  downloadUrl!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Shown to the holder and printed on the document; verifyDocument needs it to say more than valid/invalid.',
  })
  verificationCode!: string | null;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => JSONScalar, { description: 'The document as signed.' })
  document!: Record<string, unknown>;

  /** Read by `signedBy`. */
  signedById!: string;

  /** Not in the schema: the application it was issued on (a read by others than the applicant is recorded). */
  application!: ApplicationOfData;

  static from(row: ResultDocumentEntity, links: { baseUrl: string; signer: DocumentLinks; now: Date }, application: ApplicationOfData): ResultDocument {
    return Object.assign(new ResultDocument(), {
      application,
      number: row.number,
      issuedAt: row.issuedAt,
      sha256: row.sha256,
      signature: row.signature,
      downloadUrl: links.signer.urlFor(links.baseUrl, row.number, links.now),
      verificationCode: row.verificationCode,
      document: row.document,
      signedById: row.signedBy,
    });
  }
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
