import { Field, ObjectType } from 'type-graphql';
import { PageInfo, Role } from '@portal/kit';
import type { DataAccessRecord } from './data-access.entity';
import type { AccessPurpose } from './data-access.rules';

@ObjectType('DataAccessEntry', { description: 'A read of your personal data by someone else (R-13).' })
export class DataAccessEntryType {
  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: "the reader's name, or 'anonymous'" })
  actor!: string;

  @Field(() => Role, { nullable: true })
  actorRole!: Role | null;

  @Field(() => String, { description: 'PROVIDER_APPLICATION_PROCESSING, PORTAL_ADMINISTRATION or OFFICIAL_PROFILE' })
  purposeCode!: AccessPurpose;

  @Field(() => [String], { description: 'What was read, e.g. "pin", "phone", "application.data", "result.document".' })
  fields!: string[];

  @Field(() => String, { nullable: true, description: 'The application the data was read for, when it was read for one.' })
  applicationNumber!: string | null;

  /** Not in the schema: resolved to `purpose(lang)`, `provider` and `actorProvider`. */
  actorProviderId!: string | null;

  static from(record: Pick<DataAccessRecord, 'at' | 'fields' | 'applicationNumber' | 'actorRole' | 'purpose' | 'actorProviderId'>, actor: string): DataAccessEntryType {
    return Object.assign(new DataAccessEntryType(), {
      at: record.at,
      actor,
      fields: record.fields,
      applicationNumber: record.applicationNumber,
      actorRole: record.actorRole as Role | null,
      purposeCode: record.purpose,
      actorProviderId: record.actorProviderId,
    });
  }
}

@ObjectType('DataAccessEdge')
export class DataAccessEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => DataAccessEntryType)
  node!: DataAccessEntryType;
}

@ObjectType('DataAccessConnection')
export class DataAccessConnectionType {
  @Field(() => [DataAccessEdgeType])
  edges!: DataAccessEdgeType[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
