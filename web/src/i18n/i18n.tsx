import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Language } from '../gql/graphql';
import { MESSAGES, type MessageKey } from './messages';

export type Lang = 'ky' | 'ru';
export const LANGUAGES: readonly Lang[] = ['ky', 'ru'];
const STORAGE_KEY = 'portal.lang';

export interface I18n {
  lang: Lang;
  /** The API's enum for the same language (every text field takes `lang: Language`). */
  apiLang: Language;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  formatDate(iso: string, withTime?: boolean): string;
  formatMoney(money: { amountMinor: number; currency: string }): string;
}

const I18nContext = createContext<I18n | null>(null);

/** The kept choice, else the browser's Russian when it prefers it, else Kyrgyz (the state language). */
export function initialLanguage(): Lang {
  const kept = safeStorage()?.getItem(STORAGE_KEY);
  if (kept === 'ky' || kept === 'ru') return kept;
  const preferred = navigator.languages.find((l) => /^(ky|ru)\b/i.test(l));
  return preferred?.toLowerCase().startsWith('ru') ? 'ru' : 'ky';
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function LanguageProvider({ children, onChange }: { children: ReactNode; onChange?: (lang: Lang) => void }) {
  const [lang, setLangState] = useState<Lang>(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = lang;
    onChange?.(lang);
  }, [lang, onChange]);

  const setLang = useCallback((next: Lang) => {
    safeStorage()?.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const locale = lang === 'ky' ? 'ky-KG' : 'ru-RU';
    // dates as Bishkek reads them; a browser without Kyrgyz locale data gets the numeric form, not English month names
    const named = Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
    const base = { timeZone: 'Asia/Bishkek' } as const;
    const dateFormat = named
      ? new Intl.DateTimeFormat(locale, { ...base, dateStyle: 'long' })
      : new Intl.DateTimeFormat('ru-RU', { ...base, day: '2-digit', month: '2-digit', year: 'numeric' });
    const dateTimeFormat = named
      ? new Intl.DateTimeFormat(locale, { ...base, dateStyle: 'long', timeStyle: 'short' })
      : new Intl.DateTimeFormat('ru-RU', { ...base, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    const moneyFormat = new Intl.NumberFormat(named ? locale : 'ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return {
      lang,
      apiLang: lang === 'ky' ? 'KY' : 'RU',
      setLang,
      t: (key, params) => translate(lang, key, params),
      formatDate: (iso, withTime = false) => (withTime ? dateTimeFormat : dateFormat).format(new Date(iso)),
      formatMoney: ({ amountMinor, currency }) => `${moneyFormat.format(amountMinor / 100)} ${currency === 'KGS' ? 'сом' : currency}`,
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside LanguageProvider');
  return value;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage refused (private mode, policy): the choice lasts for the page only
  }
}
