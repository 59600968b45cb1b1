import { DEMO_PROVIDERS, type LocalizedText } from '@portal/kit';

export type DemoProviderCode = keyof typeof DEMO_PROVIDERS;

export interface DemoProvider {
  id: string;
  code: DemoProviderCode;
  name: LocalizedText;
  /** The demo's body answering complaints about this provider; a real standard names its own. */
  appealBody?: DemoProviderCode;
}

/** The demo providers, with the fixed ids every subgraph's seed refers to (kit DEMO_PROVIDERS). */
export const DEMO_PROVIDER_LIST: readonly DemoProvider[] = [
  {
    id: DEMO_PROVIDERS.MVD,
    code: 'MVD',
    appealBody: 'MINJUST',
    name: { ky: 'Кыргыз Республикасынын Ички иштер министрлиги', ru: 'Министерство внутренних дел Кыргызской Республики' },
  },
  {
    id: DEMO_PROVIDERS.GRS,
    code: 'GRS',
    appealBody: 'MINJUST',
    name: {
      ky: 'Кыргыз Республикасынын Министрлер Кабинетине караштуу Мамлекеттик каттоо кызматы',
      ru: 'Государственная регистрационная служба при Кабинете Министров Кыргызской Республики',
    },
  },
  {
    id: DEMO_PROVIDERS.MINJUST,
    code: 'MINJUST',
    name: { ky: 'Кыргыз Республикасынын Юстиция министрлиги', ru: 'Министерство юстиции Кыргызской Республики' },
  },
  {
    id: DEMO_PROVIDERS.BISHKEK_MERIA,
    code: 'BISHKEK_MERIA',
    appealBody: 'MINJUST',
    name: { ky: 'Бишкек шаарынын мэриясы', ru: 'Мэрия города Бишкек' },
  },
  {
    id: DEMO_PROVIDERS.STS,
    code: 'STS',
    appealBody: 'MINJUST',
    name: {
      ky: 'Кыргыз Республикасынын Финансы министрлигине караштуу Мамлекеттик салык кызматы',
      ru: 'Государственная налоговая служба при Министерстве финансов Кыргызской Республики',
    },
  },
];
