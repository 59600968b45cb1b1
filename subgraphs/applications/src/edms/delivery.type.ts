import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { isDeliveryOverdue } from './delivery.rules';
import type { ProviderDeliveryEntity } from './edms.entity';

export enum ProviderDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  FAILED = 'FAILED',
}
registerEnumType(ProviderDeliveryStatus, {
  name: 'ProviderDeliveryStatus',
  description: "PENDING (not yet sent, or retried after a failure), DELIVERED (sent, 2xx, the EDMS has not acknowledged this delivery id), ACKNOWLEDGED, or FAILED after the retry cap.",
});

@ObjectType('ProviderDelivery', { description: "The delivery of an application to its provider's EDMS (no personal data: state and timing only)." })
export class ProviderDelivery {
  @Field(() => ID, { description: 'The delivery id the EDMS acknowledges and names in its status updates.' })
  id!: string;

  @Field(() => ProviderDeliveryStatus)
  status!: ProviderDeliveryStatus;

  @Field(() => Int, { description: 'Attempts so far.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: "Why the last attempt did not end in an acknowledgement; null for the applicant." })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due; null when none is planned.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { description: 'When the application was handed to the delivery (its submission).' })
  createdAt!: Date;

  @Field({ description: 'Not acknowledged within the configured time (EDMS_ACK_OVERDUE_SECONDS) of submission.' })
  overdue!: boolean;

  @Field(() => ID)
  applicationId!: string;

  static from(row: ProviderDeliveryEntity, options: { now: Date; overdueMs: number; showError: boolean }): ProviderDelivery {
    return Object.assign(new ProviderDelivery(), {
      id: row.id,
      status: row.status as ProviderDeliveryStatus,
      attempts: row.attempts,
      lastError: options.showError ? row.lastError : null,
      deliveredAt: row.deliveredAt,
      acknowledgedAt: row.acknowledgedAt,
      nextAttemptAt: row.nextAttemptAt,
      createdAt: row.createdAt,
      overdue: isDeliveryOverdue(row, options.now, options.overdueMs),
      applicationId: row.applicationId,
    });
  }
}
