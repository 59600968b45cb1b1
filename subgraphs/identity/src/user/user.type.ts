import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, Language, type LanguageCode, PERSONAL_DATA_DIRECTIVE, Role, type RoleCode } from '@portal/kit';
import type { UserAccess, UserKindCode } from './user.rules';

/** What the API shows of an account, as read (plain rows) or as a UserAccount entity, which has this shape. */
export interface UserRecord {
  id: string;
  kind: UserKindCode;
  pin: string;
  fullName: string;
  birthDate: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
  emailVerifiedAt: Date | null;
  phoneVerifiedAt: Date | null;
  preferredLanguage: LanguageCode;
  roles: RoleCode[];
  providerId: string | null;
  blockedAt: Date | null;
  identityVerifiedAt: Date | null;
}

export enum UserKind {
  INDIVIDUAL = 'INDIVIDUAL',
  LEGAL_ENTITY = 'LEGAL_ENTITY',
}
registerEnumType(UserKind, { name: 'UserKind' });

/** The catalogue owns providers; identity only points at one (an officer's provider). */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Provider')
export class ProviderReference {
  @Field(() => ID)
  id!: string;

  static of(id: string | null): ProviderReference | null {
    return id ? Object.assign(new ProviderReference(), { id }) : null;
  }
}

/**
 * A portal account as the API shows it. Personal fields (pin, fullName, birthDate, address, email,
 * phone) are resolved by UserResolver, which checks `access` first and records a read by someone else
 * in the holder's data-access log; they carry the `personal-data` tag.
 */
@Directive('@key(fields: "id")')
@ObjectType('User')
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => UserKind)
  kind!: UserKind;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => String, { description: '14 digits: personal identification number, or tax number of a legal entity' })
  pin!: string;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => String)
  fullName!: string;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => DateScalar, { nullable: true })
  birthDate!: string | null;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => String, { nullable: true })
  address!: string | null;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => Language)
  preferredLanguage!: Language;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => Boolean)
  blocked!: boolean;

  @Field(() => Boolean, { description: 'PIN, name and birth date matched the population register (a legal entity: its register record, the registrant its director), or the person signed in with the national ID' })
  identityVerified!: boolean;

  /** Not in the schema: how much of this account the caller may see (decided where it was loaded). */
  access!: UserAccess;

  /** Not in the schema: resolved to `provider`. */
  providerId!: string | null;

  /** Not in the schema as such: resolved to `emailVerified` / `phoneVerified` for the holder and the operator. */
  emailVerified!: boolean;
  phoneVerified!: boolean;

  static from(account: UserRecord, access: UserAccess): UserType {
    return Object.assign(new UserType(), {
      id: account.id,
      kind: account.kind as UserKind,
      pin: account.pin,
      fullName: account.fullName,
      birthDate: account.birthDate,
      address: account.address,
      email: account.email,
      phone: account.phone,
      preferredLanguage: account.preferredLanguage as Language,
      roles: account.roles as Role[],
      blocked: account.blockedAt !== null,
      identityVerified: account.identityVerifiedAt !== null,
      access,
      providerId: account.providerId,
      // as UserAccount.verifiedEmail / verifiedPhone: confirmed, and still set
      emailVerified: account.emailVerifiedAt !== null && account.email !== null,
      phoneVerified: account.phoneVerifiedAt !== null && account.phone !== null,
    });
  }
}
