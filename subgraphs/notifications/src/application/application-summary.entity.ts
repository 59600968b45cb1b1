import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** What payment notices need to name an application: a projection of ApplicationStatusChanged. */
@Entity({ tableName: 'application_summary' })
export class ApplicationSummaryEntity {
  @PrimaryKey({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'uuid' })
  applicantId!: string;

  @Property({ type: 'text', nullable: true })
  number: string | null = null;

  @Property({ type: 'text' })
  serviceTitleKy!: string;

  @Property({ type: 'text' })
  serviceTitleRu!: string;

  @Property({ type: 'text' })
  status!: string;

  /** The application's aggregate version of the last change applied. */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
