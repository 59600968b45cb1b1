import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { RoleCode } from '@portal/kit';
import type { AccessPurpose } from './data-access.rules';

/** One read of a person's data by someone else. Append-only. */
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

  @Property({ type: 'text', nullable: true })
  requestId: string | null = null;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}
