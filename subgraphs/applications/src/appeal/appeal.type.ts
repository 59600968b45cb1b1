import { PageInfo } from '@portal/kit';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ApplicationRecord } from '../application/application.entity';
import type { AppealEntity } from './appeal.entity';
import { type AppealStatusCode, isAppealOverdue } from './appeal.rules';

export enum AppealSubject {
  DECISION = 'DECISION',
  ACTION = 'ACTION',
  INACTION = 'INACTION',
}
registerEnumType(AppealSubject, {
  name: 'AppealSubject',
  description: "What a complaint is about (R-37): the provider's decision, an action of it, or its inaction (a missed deadline).",
  valuesConfig: {
    DECISION: { description: 'A rejection at intake (REJECTED) or a refusal (REFUSED).' },
    ACTION: { description: 'Something the provider did while handling the application.' },
    INACTION: { description: 'The provider let its intake or decision deadline pass (the application is overdue).' },
  },
});

/** A complaint as the API shows it; `text`, `answer` and `application` are resolved in AppealResolver. */
@ObjectType('Appeal', { description: "A complaint about a provider's decision, action or inaction (R-37, R-38), heard by the provider's appeal body." })
export class Appeal {
  @Field(() => ID)
  id!: string;

  /** Read by `text` (a read by others than the applicant is recorded). */
  text!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field({
    description:
      'FILED (received; the provider has no appeal body named yet), REGISTERED (with the appeal body, answer deadline set), UNDER_REVIEW, UPHELD or DISMISSED (answered, signed).',
  })
  status!: string;

  @Field(() => AppealSubject)
  subject!: AppealSubject;

  @Field(() => Date, { nullable: true, description: 'When the appeal body registered it (the answer deadline counts from that day).' })
  registeredAt!: Date | null;

  @Field(() => Date, { nullable: true, description: "The appeal body's answer deadline: working days from registration (default 15)." })
  dueAt!: Date | null;

  @Field({ description: 'Not answered and past dueAt.' })
  overdue!: boolean;

  /** Read by `answer`. */
  answerText!: string | null;

  @Field(() => Date, { nullable: true })
  answeredAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'UPHELD: the status the application was reopened in (null when it stayed where it was).' })
  reopenedTo!: string | null;

  @Field(() => Int, { description: 'Increases with every state change.' })
  version!: number;

  /** The application complained about, when already loaded (its reads are recorded). */
  applicationRecord!: ApplicationRecord | null;

  applicationId!: string;

  static from(row: AppealEntity, now: Date, application: ApplicationRecord | null = null): Appeal {
    return Object.assign(new Appeal(), {
      id: row.id,
      text: row.text,
      createdAt: row.createdAt,
      status: row.status,
      subject: row.subject as AppealSubject,
      registeredAt: row.registeredAt,
      dueAt: row.dueAt,
      overdue: isAppealOverdue(row.status as AppealStatusCode, row.dueAt, now),
      answerText: row.answer,
      answeredAt: row.answeredAt,
      reopenedTo: row.reopenedTo,
      version: row.version,
      applicationRecord: application,
      applicationId: row.applicationId,
    });
  }
}

@ObjectType('AppealEdge')
export class AppealEdge {
  @Field()
  cursor!: string;

  @Field(() => Appeal)
  node!: Appeal;
}

@ObjectType('AppealConnection')
export class AppealConnection {
  @Field(() => [AppealEdge])
  edges!: AppealEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
