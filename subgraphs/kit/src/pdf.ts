import PDFDocument from 'pdfkit';

/** DejaVu Sans has every Kyrgyz letter (ң ө ү Ң Ө Ү) and Cyrillic; free licence (Bitstream Vera + public domain). */
const REGULAR_FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD_FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export interface PrintableRow {
  label: string;
  value: string;
}

export interface PrintableSection {
  heading?: string;
  rows: PrintableRow[];
}

/** A document printed as label/value rows in sections: result documents, receipts, the request as submitted. */
export interface PrintableDocument {
  /** The PDF's title (shown by readers instead of the file name) and its first heading. */
  title: string;
  /** BCP 47 language of the text, `ky` or `ru`. */
  language: string;
  sections: PrintableSection[];
  /** Closing lines, e.g. how to verify the document. */
  notes?: string[];
}

/**
 * An accessible PDF (tagged, PDF/UA identification, title shown, document language set, headings
 * and paragraphs in the structure tree) with the font embedded, so a screen reader reads it and
 * the Kyrgyz letters print everywhere.
 */
export function renderPdf(printable: PrintableDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    pdfVersion: '1.7',
    tagged: true,
    lang: printable.language,
    displayTitle: true,
    // pdfkit knows PDF/UA (metadata identification); its type list lags behind
    subset: 'PDF/UA' as unknown as PDFKit.Mixins.PDFSubsets,
    info: { Title: printable.title, Creator: 'State e-services portal' },
    size: 'A4',
    margin: 56,
    font: REGULAR_FONT,
  });
  doc.registerFont('regular', REGULAR_FONT);
  doc.registerFont('bold', BOLD_FONT);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  root.add(doc.struct('H1', {}, () => doc.font('bold').fontSize(18).text(printable.title).moveDown(0.5)));
  for (const section of printable.sections) {
    const part = doc.struct('Sect');
    root.add(part);
    if (section.heading) part.add(doc.struct('H2', {}, () => doc.font('bold').fontSize(13).text(section.heading!).moveDown(0.3)));
    for (const row of section.rows) {
      part.add(
        doc.struct('P', {}, () => {
          doc.font('bold').fontSize(10).text(row.label);
          doc.font('regular').fontSize(11).text(row.value.length > 0 ? row.value : '—').moveDown(0.4);
        }),
      );
    }
    part.end();
  }
  for (const note of printable.notes ?? []) root.add(doc.struct('P', {}, () => doc.font('regular').fontSize(9).text(note).moveDown(0.3)));
  root.end();
  doc.end();
  return done;
}

/** A value of JSON data as one printable line (objects and lists as compact JSON). */
export function printableValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
