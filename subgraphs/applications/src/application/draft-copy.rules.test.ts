import type { FormDefinitionData } from '@portal/kit';
import { copyableData } from './draft-copy.rules';

const text = (ru: string, ky: string) => ({ ru, ky });
const FORM: FormDefinitionData = {
  steps: [
    {
      id: 'main',
      title: text('Данные', 'Маалымат'),
      fields: [
        { name: 'fullName', label: text('ФИО', 'Аты-жөнү'), type: 'TEXT', required: true, minLength: 3 },
        { name: 'copies', label: text('Копии', 'Нускалар'), type: 'NUMBER', required: true, min: 1, max: 2 },
        { name: 'delivery', label: text('Получение', 'Алуу'), type: 'SELECT', required: true, options: [{ value: 'PORTAL', label: text('Портал', 'Портал') }] },
        { name: 'note', label: text('Примечание', 'Эскертүү'), type: 'TEXT', required: false },
      ],
    },
  ],
};

describe('copyableData', () => {
  const today = new Date('2026-12-01T00:00:00Z');

  it('keeps every value the current form still accepts', () => {
    expect(copyableData(FORM, { fullName: 'Асанова Айгүл', copies: 2, delivery: 'PORTAL' }, today)).toEqual({ kept: { fullName: 'Асанова Айгүл', copies: 2, delivery: 'PORTAL' }, dropped: [] });
  });

  it('drops, field by field, what the form no longer has or no longer accepts, and keeps the rest', () => {
    const copied = copyableData(FORM, { fullName: 'Асанова Айгүл', copies: 3, delivery: 'IN_PERSON', passportNumber: 'AN1234567', note: null }, today);
    expect(copied).toEqual({ kept: { fullName: 'Асанова Айгүл' }, dropped: ['copies', 'delivery', 'passportNumber'] });
  });

  it('does not drop anything because a required field is missing', () => {
    expect(copyableData(FORM, { note: 'срочно' }, today)).toEqual({ kept: { note: 'срочно' }, dropped: [] });
  });
});
