import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** One applicant's score of the service that handled their application: one per application. */
@Entity({ tableName: 'service_rating' })
export class ServiceRatingEntity {
  @PrimaryKey({ type: 'uuid' })
  applicationId!: string;

  @Property({ type: 'uuid' })
  serviceId!: string;

  @Property({ type: 'uuid' })
  applicantId!: string;

  @Property({ type: 'smallint' })
  score!: number;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Set when the applicant re-rates (the score is replaced, not added). */
  @Property({ type: 'datetime', nullable: true })
  updatedAt: Date | null = null;
}
