import { MESSAGES } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the app texts in Kyrgyz and Russian', () => {
  it('has every text in both languages, none empty, with the same placeholders', () => {
    expect(Object.keys(MESSAGES.ky).sort()).toEqual(Object.keys(MESSAGES.ru).sort());
    for (const [key, ru] of Object.entries(MESSAGES.ru)) {
      const ky = MESSAGES.ky[key as keyof typeof MESSAGES.ru];
      expect({ key, empty: ky.trim() === '' || ru.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(ky) }).toEqual({ key, placeholders: placeholders(ru) });
    }
  });

  it('names every application status', () => {
    for (const status of ['DRAFT', 'SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW', 'APPROVED', 'REFUSED', 'REJECTED', 'WITHDRAWN']) {
      expect(Object.keys(MESSAGES.ru)).toContain(`appStatus.${status}`);
    }
  });
});
