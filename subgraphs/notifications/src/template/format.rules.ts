/**
 * How notices write instants and money. Every instant is shown in Asia/Bishkek time (UTC+6 all
 * year), the way both state languages write dates on the portal: `25.11.2026 18:00`.
 */

const BISHKEK_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Bishkek',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `dd.MM.yyyy HH:mm` in Asia/Bishkek. */
export function formatBishkekDateTime(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('formatBishkekDateTime needs a valid date');
  const part = Object.fromEntries(BISHKEK_PARTS.formatToParts(at).map(({ type, value }) => [type, value]));
  return `${part.day}.${part.month}.${part.year} ${part.hour}:${part.minute}`;
}

/** An ISO-8601 instant from an event payload, or null when absent or unreadable. */
export function parseInstant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Tyiyn as som, written the same way in Kyrgyz and Russian: `1 500,00 сом`. */
export function formatSom(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new RangeError(`formatSom needs a whole, non-negative number of tyiyn; got ${amountMinor}`);
  const som = Math.floor(amountMinor / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const tyiyn = (amountMinor % 100).toString().padStart(2, '0');
  return `${som},${tyiyn} сом`;
}

/** Free text (a reason, an appeal procedure) as a sentence: trimmed and ending in a full stop. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
