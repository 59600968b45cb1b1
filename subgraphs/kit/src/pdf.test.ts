import { renderPdf } from './pdf';
import { readPdf } from './testing';

describe('renderPdf', () => {
  it('writes a tagged PDF with its title and language, the font embedded, and the Kyrgyz letters in its text', async () => {
    const pdf = await renderPdf({
      title: 'Арыз APP-2026-000123',
      language: 'ky',
      sections: [{ heading: 'Маалымат', rows: [{ label: 'Аты-жөнү', value: 'Өмүрбек Ңү Үсөнов' }, { label: 'Бош', value: '' }] }],
      notes: ['ң ө ү Ң Ө Ү'],
    });
    const bytes = pdf.toString('latin1');
    expect(bytes.startsWith('%PDF-1.7')).toBe(true);
    expect(bytes).toContain('/StructTreeRoot');
    expect(bytes).toContain("/Marked true");
    expect(bytes).toMatch(/\/StructParents \d+/);
    expect(bytes).toContain('/Lang (ky)');
    expect(bytes).toContain('/DisplayDocTitle true');
    expect(bytes).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans/);
    expect(bytes).toContain('/FontFile2');
    expect(bytes).toContain('pdfuaid:part');

    const { title, text } = await readPdf(pdf);
    expect(title).toBe('Арыз APP-2026-000123');
    expect(text).toContain('APP-2026-000123');
    expect(text).toContain('Өмүрбек Ңү Үсөнов');
    expect(text).toContain('ң ө ү Ң Ө Ү');
  });
});
