import type { LegalEntity, PopulationPerson } from '@portal/tunduk';
import { legalEntityRefusal, maskedUserId, normalizeFullName, personMismatches, unavailableText } from './registry.rules';

const PERSON: PopulationPerson = {
  pin: '12412199500011',
  surname: 'Королёва',
  name: 'Айгуль',
  patronymic: 'Бакытовна',
  birthDate: '1995-12-24',
  sex: 'FEMALE',
  address: 'г. Бишкек',
  identityDocument: { number: 'ID1234567', issuedAt: '2015-01-01', validUntil: '2025-01-01', issuedBy: 'ГРС 1001' },
  deceased: false,
};

describe('verified registration rules', () => {
  it('ignores case, runs of spaces and е/ё, but not the order of the names', () => {
    expect(normalizeFullName('  КОРОЛЕВА   айгуль  Бакытовна ')).toBe('королева айгуль бакытовна');
    expect(personMismatches({ fullName: 'королева  АЙГУЛЬ бакытовна', birthDate: '1995-12-24' }, PERSON)).toEqual([]);
    expect(personMismatches({ fullName: 'Айгуль Королёва Бакытовна', birthDate: '1995-12-24' }, PERSON)).toEqual(['FULL_NAME']);
    expect(personMismatches({ fullName: 'Королёва Айгуль', birthDate: '1995-12-24' }, PERSON)).toEqual(['FULL_NAME']);
  });

  it('names every mismatch; a deceased person only when everything else matched', () => {
    expect(personMismatches({ fullName: 'X Y', birthDate: '1995-12-25' }, PERSON)).toEqual(['FULL_NAME', 'BIRTH_DATE']);
    expect(personMismatches({ fullName: 'X Y', birthDate: null }, { ...PERSON, deceased: true })).toEqual(['FULL_NAME']);
    expect(personMismatches({ fullName: 'Королёва Айгуль Бакытовна', birthDate: '1995-12-24' }, { ...PERSON, deceased: true })).toEqual(['DECEASED']);
    expect(personMismatches({ fullName: 'Королёва Айгуль Бакытовна', birthDate: null }, null)).toEqual(['NOT_IN_REGISTER']);
  });

  it('a person without a patronymic is written surname and name', () => {
    expect(personMismatches({ fullName: 'Королёва Айгуль', birthDate: null }, { ...PERSON, patronymic: '' })).toEqual([]);
  });

  it('a legal entity must be in the register, ACTIVE, and directed by the registrant', () => {
    const entity: LegalEntity = { taxNumber: '02504201910177', name: 'ОсОО «Ала-Тоо»', legalForm: 'ОсОО', address: 'г. Бишкек', status: 'ACTIVE', directorPin: '12412199500011', registeredAt: '2019-04-25' };
    expect(legalEntityRefusal(entity, '12412199500011')).toBeNull();
    expect(legalEntityRefusal(entity, '20308198500017')).toBe('NOT_DIRECTOR');
    expect(legalEntityRefusal({ ...entity, status: 'LIQUIDATED' }, '12412199500011')).toBe('NOT_ACTIVE');
    expect(legalEntityRefusal(null, '12412199500011')).toBe('NOT_IN_REGISTER');
  });

  it('shows the operator only the last 4 characters of a PIN, and says when to retry', () => {
    expect(maskedUserId('12412199500011')).toBe('**********0011');
    expect(maskedUserId('abc')).toBe('****');
    expect(unavailableText(30)).toEqual({ ru: expect.stringMatching(/через 30 с\.$/), ky: expect.stringMatching(/30 секунддан кийин/) });
  });
});
