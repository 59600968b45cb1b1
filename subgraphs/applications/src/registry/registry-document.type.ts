import type { LocalizedText } from '@portal/kit';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ApplicationAccessFacts } from '../application/application-access.rules';
import type { ApplicationOfData } from '../application/personal-data';
import type { RegistryDocumentEntity } from './registry-document.entity';
import type { RegistryFetchStatusCode } from './registry-document.rules';

export enum RegistryFetchStatus {
  PENDING = 'PENDING',
  FETCHED = 'FETCHED',
  NOT_FOUND = 'NOT_FOUND',
  FAILED = 'FAILED',
  WAIVED = 'WAIVED',
}
registerEnumType(RegistryFetchStatus, {
  name: 'RegistryFetchStatus',
  valuesConfig: {
    PENDING: { description: 'Not fetched yet: the registry has not answered; the fetch is retried with backoff, never given up.' },
    FETCHED: { description: "The registry's signed answer is attached (data)." },
    NOT_FOUND: { description: 'The registry holds no such record for the person.' },
    FAILED: { description: "The registry's answers failed signature verification; the officer may waive the document." },
    WAIVED: { description: "The provider's officer registered the application without it (who, when and why are recorded)." },
  },
});

// compile-time check that the GraphQL enum and the rules' statuses agree
const _statusCheck: Record<RegistryFetchStatusCode, RegistryFetchStatus> = RegistryFetchStatus;
void _statusCheck;

@ObjectType('RegistryDocument', {
  description: 'A document the portal fetched from a state registry through Tunduk for the application (once-only principle: never asked from the applicant).',
})
export class RegistryDocument {
  @Field({ description: "The document's code in the service standard, e.g. passport-data, birth-record." })
  code!: string;

  @Field({ description: "The registry's name, e.g. the State Registration Service." })
  registry!: string;

  @Field({ description: 'The X-Road service the document is fetched from, e.g. KG/GOV/70000002/population/birth-record.' })
  registryService!: string;

  @Field(() => RegistryFetchStatus)
  status!: RegistryFetchStatus;

  @Field(() => Date, { nullable: true, description: 'When the registry answered (FETCHED or NOT_FOUND).' })
  fetchedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'X-Road-Id of the answer in the signed, hash-chained message log.' })
  messageId!: string | null;

  @Field(() => Int, { description: 'Fetch attempts made so far.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt did not get the document (PENDING, FAILED).' })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due, while PENDING.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'WAIVED: when the officer waived it.' })
  waivedAt!: Date | null;

  /** Read by `title`. */
  titleText!: LocalizedText;
  /** Read by `data` (the applicant and the provider's officers). */
  dataValue!: unknown;
  /** Read by `waivedBy`. */
  waivedById!: string | null;
  /** Read by `waiverReason`. */
  waiverReasonText!: string | null;
  /** Not in the schema: the application the document is attached to (reads by others than the applicant are recorded). */
  application!: ApplicationOfData & ApplicationAccessFacts;

  static from(row: RegistryDocumentEntity, application: RegistryDocument['application']): RegistryDocument {
    return Object.assign(new RegistryDocument(), {
      code: row.code,
      registry: row.registry,
      registryService: row.service,
      status: row.status as RegistryFetchStatus,
      fetchedAt: row.fetchedAt,
      messageId: row.messageId,
      attempts: row.attempts,
      lastError: row.lastError,
      nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
      waivedAt: row.waivedAt,
      titleText: row.title,
      dataValue: row.data,
      waivedById: row.waivedBy,
      waiverReasonText: row.waiverReason,
      application,
    });
  }
}
