import { listSize, Money, PageInfo } from '@portal/kit';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ReconciliationMismatchEntity, ReconciliationReportEntity } from './reconciliation.entity';
import type { MismatchKind, ReportStatus } from './reconciliation.rules';

export enum ReconciliationStatus {
  BALANCED = 'BALANCED',
  MISMATCHES = 'MISMATCHES',
  STATEMENT_REFUSED = 'STATEMENT_REFUSED',
}
registerEnumType(ReconciliationStatus, {
  name: 'ReconciliationStatus',
  valuesConfig: {
    BALANCED: { description: 'The statement and the books agree.' },
    MISMATCHES: { description: 'The statement and the books differ: see mismatches.' },
    STATEMENT_REFUSED: { description: 'The statement was refused (its signature does not match, or it is malformed): see problem.' },
  },
});

export enum ReconciliationMismatchKind {
  MISSING_IN_PORTAL = 'MISSING_IN_PORTAL',
  MISSING_IN_PAYMENT_SYSTEM = 'MISSING_IN_PAYMENT_SYSTEM',
  AMOUNT_DIFFERS = 'AMOUNT_DIFFERS',
  STATUS_DIFFERS = 'STATUS_DIFFERS',
  UIN_DIFFERS = 'UIN_DIFFERS',
}
registerEnumType(ReconciliationMismatchKind, { name: 'ReconciliationMismatchKind' });

// compile-time checks that the GraphQL enums and the stored codes agree
const _statusCheck: Record<ReportStatus, ReconciliationStatus> = ReconciliationStatus;
const _kindCheck: Record<MismatchKind, ReconciliationMismatchKind> = ReconciliationMismatchKind;
void _statusCheck;
void _kindCheck;

const money = (amountMinor: number | null): Money | null => (amountMinor === null ? null : Money.kgs(amountMinor));

@ObjectType('ReconciliationMismatch', { description: 'One difference between the portal\'s books and the payment system\'s statement of a day.' })
export class ReconciliationMismatch {
  @Field(() => ReconciliationMismatchKind)
  kind!: ReconciliationMismatchKind;

  @Field({ description: 'PAYMENT or REFUND.' })
  entryKind!: string;

  @Field({ description: "The payment system's transaction id." })
  transactionId!: string;

  @Field({ description: 'The UIN of the accrual (as the payment system lists it when it does).' })
  uin!: string;

  @Field(() => Money, { nullable: true })
  portalAmount!: Money | null;

  @Field(() => Money, { nullable: true })
  paymentSystemAmount!: Money | null;

  @Field(() => String, { nullable: true })
  portalStatus!: string | null;

  @Field(() => String, { nullable: true })
  paymentSystemStatus!: string | null;

  static from(entity: ReconciliationMismatchEntity): ReconciliationMismatch {
    return Object.assign(new ReconciliationMismatch(), {
      kind: entity.kind as ReconciliationMismatchKind,
      entryKind: entity.entryKind,
      transactionId: entity.transactionId,
      uin: entity.uin,
      portalAmount: money(entity.portalAmountMinor),
      paymentSystemAmount: money(entity.paymentSystemAmountMinor),
      portalStatus: entity.portalStatus,
      paymentSystemStatus: entity.paymentSystemStatus,
    });
  }
}

@ObjectType('ReconciliationReport', { description: "The reconciliation of one Bishkek day: the portal's accruals, payments and refunds against the payment system's signed statement." })
export class ReconciliationReport {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The day reconciled, YYYY-MM-DD (Bishkek time).' })
  day!: string;

  @Field(() => ReconciliationStatus)
  status!: ReconciliationStatus;

  @Field({ description: 'SCHEDULE (the daily run) or OPERATOR (run by hand).' })
  trigger!: string;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date)
  finishedAt!: Date;

  @Field(() => Int)
  statementEntryCount!: number;

  @Field(() => Int)
  portalEntryCount!: number;

  @Field(() => Int)
  mismatchCount!: number;

  @Field(() => String, { nullable: true, description: 'Why the statement was refused (STATEMENT_REFUSED).' })
  problem!: string | null;

  static from(entity: ReconciliationReportEntity): ReconciliationReport {
    return Object.assign(new ReconciliationReport(), {
      id: entity.id,
      day: entity.day,
      status: entity.status as ReconciliationStatus,
      trigger: entity.trigger,
      startedAt: entity.startedAt,
      finishedAt: entity.finishedAt,
      statementEntryCount: entity.statementEntryCount,
      portalEntryCount: entity.portalEntryCount,
      mismatchCount: entity.mismatchCount,
      problem: entity.problem,
    });
  }
}

export const MISMATCH_LIST_SIZE = listSize(20);

@ObjectType('ReconciliationReportEdge')
export class ReconciliationReportEdge {
  @Field()
  cursor!: string;

  @Field(() => ReconciliationReport)
  node!: ReconciliationReport;
}

@ObjectType('ReconciliationReportConnection')
export class ReconciliationReportConnection {
  @Field(() => [ReconciliationReportEdge])
  edges!: ReconciliationReportEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

