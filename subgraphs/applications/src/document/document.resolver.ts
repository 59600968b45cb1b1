import { JSONScalar, Language, localize, resolveLanguage } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { recordApplicationRead } from '../application/personal-data';
import type { ApplicationsContext } from '../context';
import { User } from '../user/user.type';
import { verifyDocument } from './document.service';
import { throttleClientKey } from './verification-throttle.rules';
import { DocumentVerification, FileFormat, ResultDocument, withFormat } from './document.type';

@Resolver(() => DocumentVerification)
export class DocumentVerificationResolver {
  @Query(() => DocumentVerification, {
    description:
      'Public: whether a document with this number was issued through the portal, is signed by the issuing officer and unaltered. Only with the verification code printed on the document does it also tell the date, service, issuer and reason; never personal data.',
  })
  async verifyDocument(
    @Arg('number') number: string,
    @Arg('code', () => String, { nullable: true, description: 'The verification code printed on the document, e.g. K7QM-2XWD-9HTR-PB4N-ZC8E (case, spaces and hyphens do not matter).' })
    code: string | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<DocumentVerification> {
    const client = { key: throttleClientKey(ctx.caller.ip), language: resolveLanguage(ctx.caller), now: ctx.runtime.now() };
    const result = await verifyDocument(ctx.em, number, code, client);
    return Object.assign(new DocumentVerification(), {
      valid: result.valid,
      number: result.number,
      issuedAt: result.issuedAt,
      serviceTitleText: result.serviceTitle,
      issuerText: result.issuer,
      reasonText: result.reason,
    });
  }

  @FieldResolver(() => String, { nullable: true })
  serviceTitle(@Root() verification: DocumentVerification, @Arg('lang', () => Language, { nullable: true }) lang: Language | null, @Ctx() ctx: ApplicationsContext): string | null {
    return verification.serviceTitleText ? localize(verification.serviceTitleText, resolveLanguage(ctx.caller, lang)) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The provider that issued the document.' })
  issuer(@Root() verification: DocumentVerification, @Arg('lang', () => Language, { nullable: true }) lang: Language | null, @Ctx() ctx: ApplicationsContext): string | null {
    return verification.issuerText ? localize(verification.issuerText, resolveLanguage(ctx.caller, lang)) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why the document is not valid; null when it is.' })
  reason(@Root() verification: DocumentVerification, @Arg('lang', () => Language, { nullable: true }) lang: Language | null, @Ctx() ctx: ApplicationsContext): string | null {
    return verification.reasonText ? localize(verification.reasonText, resolveLanguage(ctx.caller, lang)) : null;
  }
}

@Resolver(() => ResultDocument)
export class ResultDocumentResolver {
  @FieldResolver(() => String)
  async downloadUrl(
    @Root() document: ResultDocument,
    @Arg('format', () => FileFormat, { defaultValue: FileFormat.JSON }) format: FileFormat,
    @Arg('lang', () => Language, { nullable: true, description: "The PDF's language (default: the caller's)." }) lang: Language | null,
    @Ctx() ctx: ApplicationsContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<string> {
    await recordApplicationRead(ctx, document.application, 'result.downloadUrl', info);
    return withFormat(document.downloadUrl, format, resolveLanguage(ctx.caller, lang));
  }

  @FieldResolver(() => JSONScalar)
  async document(@Root() document: ResultDocument, @Ctx() ctx: ApplicationsContext, @Info() info: GraphQLResolveInfo): Promise<Record<string, unknown>> {
    await recordApplicationRead(ctx, document.application, 'result.document', info);
    return document.document;
  }

  @FieldResolver(() => User, { description: 'The officer who signed the document.' })
  signedBy(@Root() document: ResultDocument): User {
    return User.of(document.signedById);
  }
}
