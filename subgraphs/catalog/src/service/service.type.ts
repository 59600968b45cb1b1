import {
  DateTimeScalar,
  type FormDefinitionData,
  type FormFieldDefinition,
  type FormFieldType as FormFieldTypeCode,
  type FormOptionDefinition,
  type FormStepDefinition,
  listSize,
  type LocalizedText,
  visibility,
  type PrefillSource,
  SignatureLevel,
} from '@portal/kit';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type {
  AutomationLevelCode,
  ReceptionData,
  RequiredDocumentData,
  ResultDeliveryCode,
  ServiceKindCode,
  ServiceSnapshot,
  SignatureLevelCode,
} from './service.rules';

export enum ServiceKind {
  STATE = 'STATE',
  MUNICIPAL = 'MUNICIPAL',
  OTHER = 'OTHER',
}
registerEnumType(ServiceKind, { name: 'ServiceKind', description: 'State, municipal, or another service (certificates, payments: R-8).' });

export enum AutomationLevel {
  FULL = 'FULL',
  PARTIAL = 'PARTIAL',
}
registerEnumType(AutomationLevel, { name: 'AutomationLevel', description: 'Fully or partially automated (S-21).' });

export enum ResultDelivery {
  PORTAL = 'PORTAL',
  IN_PERSON = 'IN_PERSON',
}
registerEnumType(ResultDelivery, { name: 'ResultDelivery' });

export enum FormFieldTypeEnum {
  TEXT = 'TEXT',
  NUMBER = 'NUMBER',
  DATE = 'DATE',
  BOOLEAN = 'BOOLEAN',
  SELECT = 'SELECT',
  PIN = 'PIN',
  PHONE = 'PHONE',
  EMAIL = 'EMAIL',
  FILE = 'FILE',
}
registerEnumType(FormFieldTypeEnum, { name: 'FormFieldType' });

// compile-time check that the GraphQL enums and the rules' string unions agree
const _enumChecks: [
  Record<FormFieldTypeCode, FormFieldTypeEnum>,
  Record<ServiceKindCode, ServiceKind>,
  Record<AutomationLevelCode, AutomationLevel>,
  Record<ResultDeliveryCode, ResultDelivery>,
  Record<SignatureLevelCode, SignatureLevel>,
] = [
  {
    TEXT: FormFieldTypeEnum.TEXT,
    NUMBER: FormFieldTypeEnum.NUMBER,
    DATE: FormFieldTypeEnum.DATE,
    BOOLEAN: FormFieldTypeEnum.BOOLEAN,
    SELECT: FormFieldTypeEnum.SELECT,
    PIN: FormFieldTypeEnum.PIN,
    PHONE: FormFieldTypeEnum.PHONE,
    EMAIL: FormFieldTypeEnum.EMAIL,
    FILE: FormFieldTypeEnum.FILE,
  },
  { STATE: ServiceKind.STATE, MUNICIPAL: ServiceKind.MUNICIPAL, OTHER: ServiceKind.OTHER },
  { FULL: AutomationLevel.FULL, PARTIAL: AutomationLevel.PARTIAL },
  { PORTAL: ResultDelivery.PORTAL, IN_PERSON: ResultDelivery.IN_PERSON },
  { SIMPLE: SignatureLevel.SIMPLE, QUALIFIED: SignatureLevel.QUALIFIED },
];
void _enumChecks;

@ObjectType('FormOption')
export class FormOptionType implements FormOptionDefinition {
  @Field()
  value!: string;

  label!: LocalizedText;
}

@ObjectType('FormField', { description: 'One typed field with its validation rules and prefill source (R-26, R-27.4).' })
export class FormFieldObjectType implements FormFieldDefinition {
  @Field()
  name!: string;

  label!: LocalizedText;

  @Field(() => FormFieldTypeEnum)
  type!: FormFieldTypeCode;

  @Field()
  required!: boolean;

  @Field(() => String, { nullable: true, description: 'TEXT only: a regular expression the whole value must match (Unicode).' })
  pattern?: string;

  patternHint?: LocalizedText;

  @Field(() => Int, { nullable: true })
  minLength?: number;

  @Field(() => Int, { nullable: true })
  maxLength?: number;

  @Field(() => Float, { nullable: true })
  min?: number;

  @Field(() => Float, { nullable: true })
  max?: number;

  @Directive(listSize(5))
  @Field(() => [FormOptionType], { nullable: true })
  options?: FormOptionType[];

  @Field(() => String, { nullable: true, description: 'Identity data that prefills the field, e.g. "user.fullName".' })
  prefillFrom?: PrefillSource;
}

@ObjectType('FormStep')
export class FormStepType implements FormStepDefinition {
  @Field()
  id!: string;

  title!: LocalizedText;

  @Directive(listSize(8))
  @Field(() => [FormFieldObjectType])
  fields!: FormFieldObjectType[];
}

@ObjectType('FormDefinition', { description: "The service's electronic application form (R-25, R-45)." })
export class FormDefinitionType implements FormDefinitionData {
  @Directive(listSize(3))
  @Field(() => [FormStepType])
  steps!: FormStepType[];
}

@ObjectType('RequiredDocument')
export class RequiredDocumentType implements RequiredDocumentData {
  @Field()
  code!: string;

  title!: LocalizedText;

  @Field({ description: 'Fetched through interagency exchange: never asked from the applicant.' })
  obtainedByPortal!: boolean;
}

@ObjectType('ServiceReception', { description: 'Where and when the provider receives applicants in person (S items 4-5).' })
export class ServiceReceptionType implements ReceptionData {
  place!: LocalizedText;
  hours!: LocalizedText;
}

@ObjectType('ServiceCategory')
export class ServiceCategoryType {
  @Field()
  code!: string;

  name!: LocalizedText;
}

/**
 * One published version of a service. Resolvable by id (current version) and by id and version
 * (the exact version an application was made on). `rating` is added by the applications subgraph.
 */
@Directive('@key(fields: "id")')
@Directive('@key(fields: "id version")')
@ObjectType('Service', { description: 'A service and its standard (S-18, S-21), in the version asked for or the current one.' })
export class ServiceType implements ServiceSnapshot {
  @Directive(visibility('PUBLIC'))
  @Field(() => ID)
  id!: string;

  @Directive(visibility('PUBLIC'))
  @Field({ description: 'Stable code, e.g. "mvd-no-criminal-record".' })
  code!: string;

  @Field(() => ServiceKind)
  kind!: ServiceKindCode;

  title!: LocalizedText;
  description!: LocalizedText;

  @Field({ description: 'Category code; see categoryName and Query.serviceCategories.' })
  category!: string;

  categoryName!: LocalizedText;
  providerId!: string;
  feeAmountMinor!: number | null;

  @Field(() => String, { nullable: true, description: 'Budget classification code the fee is paid to; null when free.' })
  budgetCode!: string | null;

  @Field(() => Int)
  deadlineWorkingDays!: number;

  @Directive(listSize(10))
  @Field(() => [RequiredDocumentType])
  requiredDocuments!: RequiredDocumentType[];

  @Field(() => FormDefinitionType)
  form!: FormDefinitionType;

  @Field(() => AutomationLevel)
  automationLevel!: AutomationLevelCode;

  @Field(() => SignatureLevel)
  signatureLevel!: SignatureLevelCode;

  @Field()
  personalVisitRequired!: boolean;

  @Field({ description: 'The fee goes back to the payer when the provider refuses (a withdrawal before a decision always returns it).' })
  feeReturnedOnRefusal!: boolean;

  @Field(() => ResultDelivery)
  resultDelivery!: ResultDeliveryCode;

  statusCheckMethod!: LocalizedText;
  appealProcedure!: LocalizedText;

  @Field(() => FormDefinitionType, {
    nullable: true,
    description: 'R-45: the form of the result document the officer fills and signs (sections and fields); null for a version published before result forms.',
  })
  resultForm!: FormDefinitionType | null;

  @Field(() => ServiceReceptionType, { nullable: true, description: 'Where and when to come: for a result handed over in person or a required personal visit.' })
  reception!: ServiceReceptionType | null;

  @Field({ description: 'R-33.2: the applicant may choose the result as information from an information system instead of a document.' })
  resultAsRecordAllowed!: boolean;

  @Field(() => Int, { description: 'The version of the standard this object shows; versions are never changed once published.' })
  version!: number;

  @Field(() => DateTimeScalar, { description: 'When this version was published.' })
  publishedAt!: Date;
}
