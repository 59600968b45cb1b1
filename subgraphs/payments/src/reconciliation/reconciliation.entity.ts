import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntryKind, EntryStatus, MismatchKind, ReportStatus } from './reconciliation.rules';

/** The outcome of reconciling one Bishkek day; a new run of the day replaces it. */
@Entity({ tableName: 'reconciliation_report' })
export class ReconciliationReportEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** YYYY-MM-DD, Bishkek time. */
  @Property({ type: 'text', unique: true })
  day!: string;

  @Property({ type: 'text' })
  status!: ReportStatus;

  @Property({ type: 'text' })
  trigger!: 'SCHEDULE' | 'OPERATOR';

  @Property({ type: 'uuid', nullable: true })
  requestedBy: string | null = null;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'datetime' })
  finishedAt!: Date;

  @Property({ type: 'integer' })
  statementEntryCount = 0;

  @Property({ type: 'integer' })
  portalEntryCount = 0;

  @Property({ type: 'integer' })
  mismatchCount = 0;

  /** Why the statement was refused (bad signature, malformed), for STATEMENT_REFUSED. */
  @Property({ type: 'text', nullable: true })
  problem: string | null = null;
}

/** One difference found between the portal's books and the payment system's statement. */
@Entity({ tableName: 'reconciliation_mismatch' })
export class ReconciliationMismatchEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  reportId!: string;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'text' })
  kind!: MismatchKind;

  @Property({ type: 'text' })
  entryKind!: EntryKind;

  @Property({ type: 'text' })
  transactionId!: string;

  @Property({ type: 'text' })
  uin!: string;

  @Property({ type: 'text', nullable: true })
  portalUin: string | null = null;

  @Property({ type: new BigIntType('number'), nullable: true })
  portalAmountMinor: number | null = null;

  @Property({ type: new BigIntType('number'), nullable: true })
  paymentSystemAmountMinor: number | null = null;

  @Property({ type: 'text', nullable: true })
  portalStatus: EntryStatus | null = null;

  @Property({ type: 'text', nullable: true })
  paymentSystemStatus: EntryStatus | null = null;
}
