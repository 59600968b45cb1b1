import { asLanguage, type Language, localize, type LocalizedText, resolveLanguage, type SubgraphContext } from '@portal/kit';

/** A localized field's answer: the `lang` argument, else Accept-Language, else the user's preference, else Kyrgyz. */
export function localized(ctx: Pick<SubgraphContext, 'caller'>, text: LocalizedText, lang?: Language | null): string {
  return localize(text, resolveLanguage(ctx.caller, asLanguage(lang)));
}
