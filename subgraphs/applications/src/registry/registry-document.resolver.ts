import { JSONScalar, Language, listSize, localize, PERSONAL_DATA_DIRECTIVE, resolveLanguage } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import { contentVisible, waiveRegistryDocument } from '../application/application.service';
import { Application } from '../application/application.type';
import { recordApplicationRead } from '../application/personal-data';
import type { ApplicationsContext } from '../context';
import { User } from '../user/user.type';
import { registryDocumentsLoader } from './registry-document.service';
import { RegistryDocument } from './registry-document.type';

/** Application.registryDocuments and the officer's waiver: thin, the service decides. */
@Resolver(() => Application)
export class ApplicationRegistryDocumentsResolver {
  @Directive(listSize(10))
  @FieldResolver(() => [RegistryDocument], {
    description:
      "Documents the portal fetches from state registries for this application (once-only principle), with their fetch state. The applicant and the provider's officers see their data; the operator only their state.",
  })
  async registryDocuments(@Root() application: Application, @Ctx() ctx: ApplicationsContext): Promise<RegistryDocument[]> {
    const rows = await registryDocumentsLoader(ctx).load(application.id);
    const { record } = application;
    return rows.map((row) => RegistryDocument.from(row, { id: record.id, applicantId: record.applicantId, number: record.number, providerId: record.providerId, status: record.status }));
  }

  @Mutation(() => Application, {
    description:
      "PROVIDER_OFFICER of the application's provider, at intake: registers the application without a registry document that is still PENDING or FAILED (explicit choice, recorded with who, when and why); acceptApplication is refused while such a document is neither fetched nor waived.",
  })
  async waiveRegistryDocument(
    @Arg('applicationId', () => ID) applicationId: string,
    @Arg('code', { description: 'The document code, as in registryDocuments.' }) code: string,
    @Arg('reason', { description: 'Why the application is registered without it, e.g. "the applicant showed the original certificate at the service centre".' }) reason: string,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<Application> {
    return Application.from(await waiveRegistryDocument(ctx, { applicationId, code, reason }));
  }
}

@Resolver(() => RegistryDocument)
export class RegistryDocumentResolver {
  @FieldResolver(() => String, { description: "The document's name, in the language asked for." })
  title(@Root() document: RegistryDocument, @Arg('lang', () => Language, { nullable: true }) lang: Language | null, @Ctx() ctx: ApplicationsContext): string {
    return localize(document.titleText, resolveLanguage(ctx.caller, lang));
  }

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description: "The registry's answer (FETCHED). For the applicant and the provider's officers; null for others (the operator).",
  })
  async data(@Root() document: RegistryDocument, @Ctx() ctx: ApplicationsContext, @Info() info: GraphQLResolveInfo): Promise<unknown> {
    if (!contentVisible(ctx, document.application)) return null;
    if (document.dataValue === null || document.dataValue === undefined) return null;
    await recordApplicationRead(ctx, document.application, 'registryDocument.data', info);
    return document.dataValue;
  }

  @FieldResolver(() => User, { nullable: true, description: 'WAIVED: the officer who waived it. For the applicant and the provider\'s officers.' })
  waivedBy(@Root() document: RegistryDocument, @Ctx() ctx: ApplicationsContext): User | null {
    return contentVisible(ctx, document.application) ? User.of(document.waivedById) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "WAIVED: why the officer registered the application without it. For the applicant and the provider's officers." })
  waiverReason(@Root() document: RegistryDocument, @Ctx() ctx: ApplicationsContext): string | null {
    return contentVisible(ctx, document.application) ? document.waiverReasonText : null;
  }
}
