import { JSONScalar } from '@portal/kit';
import { Field, ID, InputType } from 'type-graphql';
import { ApplicationStatus, ResultFormat } from './application.type';

@InputType('ApplicationFilter')
export class ApplicationFilter {
  @Field(() => [ApplicationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: ApplicationStatus[] | null;

  @Field(() => ID, { nullable: true })
  serviceId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only overdue ones; false: only those on time.' })
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only those assigned to the caller as executor; false or absent: no filter.' })
  assignedToMe?: boolean | null;
}

@InputType('SaveDraftInput')
export class SaveDraftInput {
  @Field(() => ID, { nullable: true, description: 'Absent: start a new draft on the current version of the service.' })
  applicationId?: string | null;

  @Field(() => ID)
  serviceId!: string;

  @Field(() => JSONScalar, { description: 'Field values to save: each key sent replaces the stored value, null clears it, keys not sent are kept.' })
  data!: unknown;

  @Field(() => String, { nullable: true, description: 'The step the applicant is on; absent keeps the stored one.' })
  currentStep?: string | null;

  @Field(() => ResultFormat, {
    nullable: true,
    description: 'R-33: how to receive the result: DOCUMENT (default) or INFORMATION_SYSTEM_RECORD where the service allows it (Service.resultAsRecordAllowed); absent keeps the stored choice.',
  })
  resultFormat?: ResultFormat | null;

  @Field(() => String, {
    nullable: true,
    description: 'New drafts only: a key the client chooses (e.g. a UUID) so that a retried call returns the draft the first one created instead of starting another.',
  })
  idempotencyKey?: string | null;
}

@InputType('SubmitApplicationInput', {
  description:
    'signature: compact JWS (ES256; for QUALIFIED, the x5c header carries the chain) whose payload is the UTF-8 RFC 8785 canonical JSON of {"applicationId","serviceId","data"} exactly as stored; signingKeyId names a key registered with registerSigningKey.',
})
export class SubmitApplicationInput {
  @Field(() => ID)
  applicationId!: string;

  @Field()
  signature!: string;

  @Field(() => ID)
  signingKeyId!: string;
}

@InputType('DecideInput')
export class DecideInput {
  @Field(() => ID)
  applicationId!: string;

  @Field()
  approve!: boolean;

  @Field(() => String, { nullable: true, description: 'Required to refuse: why (S-21).' })
  reason?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Required to approve: the result document (a JSON object).' })
  resultDocument?: unknown;

  @Field(() => String, { nullable: true, description: 'Required to approve: compact JWS (ES256) over the RFC 8785 canonical JSON of resultDocument.' })
  signature?: string | null;

  @Field(() => ID, { nullable: true, description: "Required to approve: the deciding officer's registered signing key." })
  signingKeyId?: string | null;
}
