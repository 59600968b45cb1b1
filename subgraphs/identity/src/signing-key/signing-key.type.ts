import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { JSONScalar, PERSONAL_DATA_DIRECTIVE, SignatureLevel } from '@portal/kit';
import type { SigningKey } from './signing-key.entity';
import type { PublicEcJwk } from './signing-key.rules';

/** A registered public key; an entity so other subgraphs (applications) can resolve it to verify signatures. */
@Directive('@key(fields: "id")')
@ObjectType('SigningKey')
export class SigningKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => SignatureLevel)
  level!: SignatureLevel;

  @Field(() => JSONScalar, { description: 'the public key only: {kty:"EC", crv:"P-256", x, y}' })
  publicKeyJwk!: PublicEcJwk;

  @Field(() => String, { description: 'RFC 7638 SHA-256 thumbprint of publicKeyJwk' })
  thumbprint!: string;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => String, { nullable: true, description: 'QUALIFIED only' })
  certificateSubject!: string | null;

  @Field(() => String, { nullable: true, description: 'QUALIFIED only' })
  certificateIssuer!: string | null;

  @Field(() => Date, { nullable: true, description: 'QUALIFIED only: signatures after this moment are not qualified' })
  certificateNotAfter!: Date | null;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field(() => [String], { nullable: true, description: 'QUALIFIED only: PEMs, leaf first, trusted root excluded' })
  certificateChainPem!: string[] | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  /** Not in the schema: resolved to `owner`. */
  userId!: string;

  static from(key: SigningKey): SigningKeyType {
    return Object.assign(new SigningKeyType(), {
      id: key.id,
      level: key.level as SignatureLevel,
      publicKeyJwk: key.publicKeyJwk,
      thumbprint: key.thumbprint,
      certificateSubject: key.certificateSubject,
      certificateIssuer: key.certificateIssuer,
      certificateNotAfter: key.certificateNotAfter,
      certificateChainPem: key.certificateChainPem,
      createdAt: key.createdAt,
      revokedAt: key.revokedAt,
      userId: key.userId,
    });
  }
}
