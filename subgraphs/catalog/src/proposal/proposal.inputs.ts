import { JSONScalar, SignatureLevel } from '@portal/kit';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AutomationLevel, ResultDelivery, ServiceKind } from '../service/service.type';

@InputType('LocalizedTextInput', { description: 'A text in Kyrgyz (the state language) and Russian (the official language); both required (R-7).' })
export class LocalizedTextInput {
  @Field()
  ky!: string;

  @Field()
  ru!: string;
}

@InputType('RequiredDocumentInput')
export class RequiredDocumentInput {
  @Field({ description: 'Lower-case words joined by "-", e.g. "passport-data"; unique within the service.' })
  code!: string;

  @Field(() => LocalizedTextInput)
  title!: LocalizedTextInput;

  @Field({ description: 'True when the portal fetches it through interagency exchange; registry documents must be.' })
  obtainedByPortal!: boolean;
}

@InputType('ReceptionInput', { description: 'Where and when the provider receives applicants in person (a personal visit, a result handed over).' })
export class ReceptionInput {
  @Field(() => LocalizedTextInput, { description: 'The address and office, e.g. "Bishkek, Chui Ave 32, window 4".' })
  place!: LocalizedTextInput;

  @Field(() => LocalizedTextInput, { description: 'The reception hours, e.g. "Mon-Fri 9:00-17:00".' })
  hours!: LocalizedTextInput;
}

@InputType('ServiceChangeInput', {
  description: 'The full standard of a service as a provider proposes it: a change to an existing service (serviceId) or a new service (code, providerId).',
})
export class ServiceChangeInput {
  @Field(() => ID, { nullable: true, description: 'The service to change; omit to propose a new service.' })
  serviceId?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version the change is made on; defaults to the current one. Publishing fails with CONFLICT once another version is published.' })
  baseVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'New services only: the stable code, e.g. "mvd-no-criminal-record".' })
  code?: string | null;

  @Field(() => ID, { nullable: true, description: "New services only: the provider (an officer's own provider by default)." })
  providerId?: string | null;

  @Field(() => ServiceKind)
  kind!: ServiceKind;

  @Field(() => LocalizedTextInput)
  title!: LocalizedTextInput;

  @Field(() => LocalizedTextInput)
  description!: LocalizedTextInput;

  @Field({ description: 'A category code (Query.serviceCategories).' })
  category!: string;

  @Field(() => Int, { nullable: true, description: 'The fee in tyiyn (1/100 som); null or 0 for a free service.' })
  feeAmountMinor?: number | null;

  @Field(() => String, { nullable: true, description: 'Paid services only: the 8-digit budget classification code the fee is paid to.' })
  budgetCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'Working days to the decision, 1 to 60; default 3 (S-21).' })
  deadlineWorkingDays?: number | null;

  @Field(() => [RequiredDocumentInput])
  requiredDocuments!: RequiredDocumentInput[];

  @Field(() => JSONScalar, { description: 'The electronic form: { steps: [{ id, title: {ky, ru}, fields: [...] }] } (see FormDefinition).' })
  form!: unknown;

  @Field(() => AutomationLevel)
  automationLevel!: AutomationLevel;

  @Field(() => SignatureLevel)
  signatureLevel!: SignatureLevel;

  @Field()
  personalVisitRequired!: boolean;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'A paid service only: the fee goes back to the payer when the provider refuses. Default false.' })
  feeReturnedOnRefusal?: boolean | null;

  @Field(() => ResultDelivery)
  resultDelivery!: ResultDelivery;

  @Field(() => LocalizedTextInput)
  statusCheckMethod!: LocalizedTextInput;

  @Field(() => LocalizedTextInput)
  appealProcedure!: LocalizedTextInput;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'R-45: the form of the result the officer fills, in the shape of FormDefinition ({ steps: [{ id, title, fields }] }; field types TEXT, NUMBER, DATE, BOOLEAN, SELECT, PIN). Omit only to keep the result free-form.',
  })
  resultForm?: unknown;

  @Field(() => ReceptionInput, { nullable: true, description: 'Required when resultDelivery is IN_PERSON or personalVisitRequired is true.' })
  reception?: ReceptionInput | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'R-33.2: the applicant may choose the result as a record in an information system instead of a document. Default false.' })
  resultAsRecordAllowed?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A note for the operator: what changed and why.' })
  comment?: string | null;
}
