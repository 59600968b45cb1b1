import { type LocalizedText, PageInfo, PERSONAL_DATA_DIRECTIVE, visibility } from '@portal/kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { FieldError } from '../form/form-validation.rules';
import type { ApplicationRecord, StatusChangeEntity } from './application.entity';
import type { ApplicationStatus as ApplicationStatusCode } from './application-transitions.rules';
import { overdueSince } from '../overdue/overdue.rules';
import type { ApplicationOfData } from './personal-data';
import type { PrefillSourceCode } from './draft.rules';

export enum ApplicationStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  REJECTED = 'REJECTED',
  AWAITING_PAYMENT = 'AWAITING_PAYMENT',
  IN_REVIEW = 'IN_REVIEW',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  valuesConfig: {
    REJECTED: { description: 'Refused at intake, with a reason (R-39).' },
    AWAITING_PAYMENT: { description: 'Registered; provision starts once the fee is paid (R-40).' },
    REFUSED: { description: 'Decided against, with a reason and the appeal procedure (S-21).' },
  },
});

/** the result as a signed electronic document, or as information from an information system. */
export enum ResultFormat {
  DOCUMENT = 'DOCUMENT',
  INFORMATION_SYSTEM_RECORD = 'INFORMATION_SYSTEM_RECORD',
}
registerEnumType(ResultFormat, {
  name: 'ResultFormat',
  description: 'R-33: how the applicant receives the result: a document signed by the provider, or a record in an information system (where the service allows it).',
});

export enum PrefillSource {
  POPULATION_REGISTER = 'POPULATION_REGISTER',
  PROFILE = 'PROFILE',
}
registerEnumType(PrefillSource, {
  name: 'PrefillSource',
  description: "Where a draft's prefilled identity data came from (R-27.4).",
  valuesConfig: {
    POPULATION_REGISTER: { description: 'The population register, through Tunduk (name, birth date and address as the register holds them).' },
    PROFILE: { description: "The applicant's profile only: the population register did not answer when the draft was started." },
  },
});
const _prefillCheck: Record<PrefillSourceCode, PrefillSource> = PrefillSource;
void _prefillCheck;

// compile-time check that the GraphQL enum and the rules' statuses agree
const _statusCheck: Record<ApplicationStatusCode, ApplicationStatus> = ApplicationStatus;
void _statusCheck;

@ObjectType('FieldError', { description: 'A format-logic error of one field (R-26): what is wrong and how to fix it.' })
export class FieldErrorType {
  @Field({ description: "The field's name; empty when the data as a whole is wrong." })
  field!: string;

  @Field()
  code!: string;

  /** Read by the localized `message` field. */
  messageText!: LocalizedText;

  static from(error: FieldError): FieldErrorType {
    return Object.assign(new FieldErrorType(), { field: error.field, code: error.code, messageText: error.message });
  }
}

@ObjectType('StatusChange', { description: 'One step of the lifecycle, with who made it, when and why (R-29).' })
export class StatusChange {
  @Field(() => ApplicationStatus, { nullable: true })
  from!: ApplicationStatus | null;

  @Field(() => ApplicationStatus)
  to!: ApplicationStatus;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { description: 'The role the actor acted in: CITIZEN, PROVIDER_OFFICER, OPERATOR, or SYSTEM (the platform, e.g. on a confirmed payment).' })
  actorRole!: string;

  /** Read by `actor`; null when the platform acted. */
  actorId!: string | null;

  /** `contentVisible` false (the operator): the step without its reason, and without the applicant as its actor. */
  static from(row: StatusChangeEntity, contentVisible = true): StatusChange {
    return Object.assign(new StatusChange(), {
      from: row.fromStatus as ApplicationStatus | null,
      to: row.toStatus as ApplicationStatus,
      at: row.at,
      reason: contentVisible ? row.reason : null,
      actorRole: row.actorRole,
      actorId: contentVisible || row.actorRole !== 'CITIZEN' ? row.actorId : null,
    });
  }
}

@Directive('@key(fields: "id")')
@ObjectType('Application', { description: 'An application for a service (R-25..R-42), bound to the service version it was started on.' })
export class Application {
  // the same for everyone who may see the application (issue 10: shared live-feed queries)
  @Directive(visibility('PUBLIC'))
  @Field(() => ID)
  id!: string;

  @Directive(visibility('PUBLIC'))
  @Field(() => String, { nullable: true, description: 'Registration number, set on submission, e.g. KG-2026-000123.' })
  number!: string | null;

  @Directive(visibility('PUBLIC'))
  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  /** The form data, read by the `data` field (for the applicant and the provider's officers). */
  data!: Record<string, unknown>;

  @Directive(visibility('PUBLIC'))
  @Field(() => String, { nullable: true, description: 'The form step the applicant is on.' })
  currentStep!: string | null;

  @Directive(visibility('PUBLIC'))
  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Directive(visibility('PUBLIC'))
  @Field(() => Date, { nullable: true, description: 'Deadline of the decision: the service\'s working days from the day of receipt (standard item 21), the days waiting for payment not counted (R-40); null while the fee is awaited.' })
  dueAt!: Date | null;

  @Directive(visibility('PUBLIC'))
  @Field(() => Date, { nullable: true, description: 'Deadline of the notice of acceptance or rejection at intake: one working day of receipt (R-41).' })
  intakeDueAt!: Date | null;

  @Directive(visibility('PUBLIC'))
  @Field(() => Date, { nullable: true, description: 'When the provider registered (accepted) the application.' })
  registeredAt!: Date | null;

  /** Read by the `refusalReason` field (for the applicant and the provider's officers). */
  refusalReason!: string | null;

  @Directive(visibility('PUBLIC'))
  @Field(() => Date, {
    nullable: true,
    description:
      'When the platform found the deadline the provider is working to (intake while SUBMITTED, decision while IN_REVIEW) missed and announced it (the applicant is notified); null while on time and once the application no longer waits for the provider.',
  })
  overdueSince!: Date | null;

  @Field(() => PrefillSource, { nullable: true, description: "Where the draft's prefilled identity data came from; null when the form prefills nothing." })
  prefillSource!: PrefillSource | null;

  @Directive(visibility('PUBLIC'))
  @Field(() => ResultFormat, { description: 'R-33: how the applicant chose to receive the result.' })
  resultFormat!: ResultFormat;

  @Directive(visibility('PUBLIC'))
  @Field(() => Date)
  createdAt!: Date;

  @Directive(visibility('PUBLIC'))
  @Field(() => Date)
  updatedAt!: Date;

  @Directive(visibility('PUBLIC'))
  @Field(() => Int, { description: 'Increases with every change; equals the version of the status events, so clients can drop stale ones.' })
  version!: number;

  /** The stored row behind the fields; read by the field resolvers. */
  record!: ApplicationRecord;

  static from(record: ApplicationRecord): Application {
    return Object.assign(new Application(), {
      id: record.id,
      number: record.number,
      status: record.status as ApplicationStatus,
      data: record.data,
      currentStep: record.currentStep,
      submittedAt: record.submittedAt,
      dueAt: record.dueAt,
      intakeDueAt: record.intakeDueAt,
      registeredAt: record.registeredAt,
      refusalReason: record.refusalReason,
      overdueSince: overdueSince(record),
      prefillSource: (record.prefillSource ?? null) as PrefillSource | null,
      resultFormat: (record.resultFormat ?? 'DOCUMENT') as ResultFormat,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      version: record.version,
      record,
    });
  }
}

@ObjectType('ApplicationEdge')
export class ApplicationEdge {
  @Field()
  cursor!: string;

  @Field(() => Application)
  node!: Application;
}

@ObjectType('ApplicationConnection')
export class ApplicationConnection {
  @Field(() => [ApplicationEdge])
  edges!: ApplicationEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

/**
 * One status change as subscribers receive it. The gateway builds these from the
 * ApplicationStatusChanged events (from, to, at, version, cursor) and fetches `application` through
 * the graph as the subscriber; this subgraph only declares the type. An application that goes to
 * AWAITING_PAYMENT is pushed a second time, with the same from/to/at/version and a new cursor,
 * when payments has opened its accrual (AccrualCreated).
 */
@ObjectType('ApplicationStatusEvent')
export class ApplicationStatusEvent {
  @Field(() => Application)
  application!: Application;

  @Field(() => ApplicationStatus, { nullable: true })
  from!: ApplicationStatus | null;

  @Field(() => ApplicationStatus)
  to!: ApplicationStatus;

  @Field(() => Date)
  at!: Date;

  @Field(() => Int, {
    description: "The application's version after this change; a client drops events older than what it has. The push that brings an AWAITING_PAYMENT application's accrual repeats that change's version.",
  })
  version!: number;

  @Field(() => String, { description: 'Where this event is in the feed: pass it as `since` to resume the feed after it (opaque; events of one feed have increasing cursors).' })
  cursor!: string;
}
