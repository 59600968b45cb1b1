import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDate, GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { registerEnumType } from 'type-graphql';
import type { LanguageCode, RoleCode } from './caller';

export { GraphQLDate as DateScalar, GraphQLDateTime as DateTimeScalar, GraphQLJSON as JSONScalar };

export enum Language {
  KY = 'KY',
  RU = 'RU',
}
registerEnumType(Language, { name: 'Language' });

export enum Role {
  CITIZEN = 'CITIZEN',
  PROVIDER_OFFICER = 'PROVIDER_OFFICER',
  OPERATOR = 'OPERATOR',
}
registerEnumType(Role, { name: 'Role' });

export enum SignatureLevel {
  SIMPLE = 'SIMPLE',
  QUALIFIED = 'QUALIFIED',
}
registerEnumType(SignatureLevel, { name: 'SignatureLevel' });

// compile-time check that the GraphQL enums and the runtime string unions agree
const _languageCheck: Record<LanguageCode, Language> = { KY: Language.KY, RU: Language.RU };
const _roleCheck: Record<RoleCode, Role> = {
  CITIZEN: Role.CITIZEN,
  PROVIDER_OFFICER: Role.PROVIDER_OFFICER,
  OPERATOR: Role.OPERATOR,
};
void _languageCheck;
void _roleCheck;

@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@Directive('@shareable')
@ObjectType({ description: 'An amount in KGS; amountMinor in tyiyn (1/100 som).' })
export class Money {
  @Field(() => Int)
  amountMinor!: number;

  @Field()
  currency!: string;

  static kgs(amountMinor: number): Money {
    return Object.assign(new Money(), { amountMinor, currency: 'KGS' });
  }
}
