import { Language, PERSONAL_DATA_DIRECTIVE, resolveLanguage } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { assertContentVisible } from '../application/application.service';
import { Application } from '../application/application.type';
import { recordApplicationRead } from '../application/personal-data';
import type { ApplicationsContext } from '../context';
import { FileFormat, withFormat } from './document.type';

@Resolver(() => Application)
export class PrintableRequestResolver {
  @Directive(PERSONAL_DATA_DIRECTIVE)
  @FieldResolver(() => String, {
    description:
      "The application as filled in (R-27.3), to print or save: a link at the gateway's origin to the accessible PDF (default) or the JSON, with every field of the form and its label. For the applicant and the provider's officers; it works for 15 minutes.",
  })
  async printUrl(
    @Root() application: Application,
    @Arg('format', () => FileFormat, { defaultValue: FileFormat.PDF }) format: FileFormat,
    @Arg('lang', () => Language, { nullable: true, description: "The document's language (default: the caller's)." }) lang: Language | null,
    @Ctx() ctx: ApplicationsContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<string> {
    assertContentVisible(ctx, application.record);
    await recordApplicationRead(ctx, application.record, 'application.printUrl', info);
    const { requestLinks, filesBaseUrl, now } = ctx.runtime;
    return withFormat(requestLinks.urlFor(filesBaseUrl, application.id, now()), format, resolveLanguage(ctx.caller, lang));
  }
}
