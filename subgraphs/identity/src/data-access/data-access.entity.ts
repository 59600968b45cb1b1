import { ArrayType, BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { AccessPurpose, RoleCode } from '@portal/kit';

/** One read of a person's data by someone else, in any subgraph. Append-only. */
@Entity({ tableName: 'data_access_log' })
export class DataAccessRecord {
  /** Insertion order; the list pages on it. */
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' })
  subjectUserId!: string;

  @Property({ type: 'uuid', nullable: true })
  actorUserId: string | null = null;

  @Property({ type: 'text', nullable: true })
  actorRole: RoleCode | null = null;

  @Property({ type: 'uuid', nullable: true })
  actorProviderId: string | null = null;

  @Property({ type: 'text' })
  purpose!: AccessPurpose;

  /** What was read, e.g. "pin", "application.data", "result.document". */
  @Property({ type: ArrayType, columnType: 'text[]' })
  fields: string[] = [];

  @Property({ type: 'uuid', nullable: true })
  applicationId: string | null = null;

  @Property({ type: 'text', nullable: true })
  applicationNumber: string | null = null;

  /** The root field of the subgraph request that read the data. */
  @Property({ type: 'text', nullable: true })
  operation: string | null = null;

  /** The subgraph that served the data. */
  @Property({ type: 'text' })
  source: string = 'identity';

  /** The PersonalDataRead event it came from; null for identity's own reads. */
  @Property({ type: 'uuid', nullable: true, unique: true })
  eventId: string | null = null;

  @Property({ type: 'text', nullable: true })
  requestId: string | null = null;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}

/** Application numbers, from ApplicationStatusChanged: shown with reads whose subgraph did not know them. */
@Entity({ tableName: 'application_number' })
export class ApplicationNumber {
  @PrimaryKey({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'text' })
  number!: string;
}
