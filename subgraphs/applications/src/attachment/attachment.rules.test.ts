import type { FormDefinitionData } from '@portal/kit';
import { declaredUploadProblem, parseAllowedTypes, receivedBytesProblem, unmatchedFileFields } from './attachment.rules';

const FORM: FormDefinitionData = {
  steps: [
    {
      id: 'docs',
      title: { ru: 'Документы', ky: 'Документтер' },
      fields: [
        { name: 'scan', label: { ru: 'Скан', ky: 'Скан' }, type: 'FILE', required: true },
        { name: 'note', label: { ru: 'Примечание', ky: 'Эскертүү' }, type: 'TEXT', required: false },
      ],
    },
  ],
};
const LIMITS = { maxBytes: 1024, allowedTypes: ['application/pdf', 'image/png'] };
const PDF = Buffer.from('%PDF-1.7 rest');

describe('declaredUploadProblem', () => {
  const upload = { field: 'scan', name: 'a.pdf', mimeType: 'application/pdf', size: 10 };

  it('accepts a file within the limits for a FILE field', () => {
    expect(declaredUploadProblem(FORM, LIMITS, upload)).toBeNull();
    expect(declaredUploadProblem(FORM, LIMITS, { ...upload, mimeType: 'Image/PNG' })).toBeNull();
  });

  it('names what is wrong: the field, the name, the size or the type', () => {
    expect(declaredUploadProblem(FORM, LIMITS, { ...upload, field: 'note' })?.code).toBe('FIELD');
    expect(declaredUploadProblem(FORM, LIMITS, { ...upload, field: 'missing' })?.code).toBe('FIELD');
    for (const name of ['', '   ', 'a/b.pdf', 'a\\b.pdf', 'a\u0000.pdf', 'x'.repeat(201)]) expect(declaredUploadProblem(FORM, LIMITS, { ...upload, name })?.code).toBe('NAME');
    for (const size of [0, -1, 1.5]) expect(declaredUploadProblem(FORM, LIMITS, { ...upload, size })?.code).toBe('SIZE');
    expect(declaredUploadProblem(FORM, LIMITS, { ...upload, size: 1025 })).toEqual({
      code: 'SIZE',
      message: { ky: 'Файл өтө чоң (1025 байт): эң көп 1 КиБ жүктөөгө болот. Файлды кичирейтип кайра жүктөңүз.', ru: 'Файл слишком большой (1025 байт): можно загрузить не больше 1 КиБ. Уменьшите файл и загрузите снова.' },
    });
    expect(declaredUploadProblem(FORM, LIMITS, { ...upload, mimeType: 'text/html' })?.code).toBe('TYPE');
  });
});

describe('receivedBytesProblem', () => {
  const declared = { mimeType: 'application/pdf', size: PDF.length };

  it('accepts the bytes declared, with their Content-Type and leading bytes', () => {
    expect(receivedBytesProblem(declared, 'application/pdf', PDF, LIMITS)).toBeNull();
    expect(receivedBytesProblem(declared, 'application/pdf; charset=binary', PDF, LIMITS)).toBeNull();
  });

  it('refuses another length, another type, or bytes that are not of the type', () => {
    expect(receivedBytesProblem(declared, 'application/pdf', Buffer.concat([PDF, Buffer.from('x')]), LIMITS)?.ru).toMatch(/не совпадает с заявленным/);
    expect(receivedBytesProblem(declared, 'image/png', PDF, LIMITS)?.ru).toMatch(/заявлен как application\/pdf, а отправлен как image\/png/);
    expect(receivedBytesProblem(declared, undefined, PDF, LIMITS)?.ru).toMatch(/без типа/);
    expect(receivedBytesProblem(declared, 'application/pdf', Buffer.alloc(PDF.length, 0x41), LIMITS)?.ru).toBe('Содержимое файла не соответствует типу application/pdf.');
    expect(receivedBytesProblem({ mimeType: 'image/png', size: 8 }, 'image/png', Buffer.from('%PDF-1.7'), LIMITS)).not.toBeNull();
    expect(receivedBytesProblem({ mimeType: 'application/pdf', size: 2048 }, 'application/pdf', Buffer.alloc(2048), LIMITS)?.ru).toMatch(/^Файл слишком большой/);
  });
});

describe('unmatchedFileFields', () => {
  const stored = [{ field: 'scan', name: 'a.pdf', sha256: 'a'.repeat(64), size: 10, mimeType: 'application/pdf' }];

  it('accepts a FILE value that is a stored upload of the field, and no value at all', () => {
    expect(unmatchedFileFields(FORM, { scan: { name: 'a.pdf', sha256: 'A'.repeat(64), size: 10, mimeType: 'application/pdf' } }, stored)).toEqual([]);
    expect(unmatchedFileFields(FORM, { scan: { name: 'a.pdf', sha256: 'a'.repeat(64), size: 10 } }, stored)).toEqual([]);
    expect(unmatchedFileFields(FORM, { note: 'x' }, stored)).toEqual([]);
    expect(unmatchedFileFields(FORM, { scan: null }, [])).toEqual([]);
  });

  it('names a field whose value differs from every upload in hash, size, name, type or field', () => {
    for (const change of [{ sha256: 'b'.repeat(64) }, { size: 11 }, { name: 'b.pdf' }, { mimeType: 'image/png' }]) {
      expect(unmatchedFileFields(FORM, { scan: { name: 'a.pdf', sha256: 'a'.repeat(64), size: 10, ...change } }, stored)).toEqual(['scan']);
    }
    expect(unmatchedFileFields(FORM, { scan: { name: 'a.pdf', sha256: 'a'.repeat(64), size: 10 } }, [{ ...stored[0], field: 'other' }])).toEqual(['scan']);
  });
});

describe('parseAllowedTypes', () => {
  it('reads a comma-separated list, lower case, leaving out what is not a MIME type', () => {
    expect(parseAllowedTypes(' application/PDF, image/png ,, nonsense, text/ ')).toEqual(['application/pdf', 'image/png']);
  });
});
