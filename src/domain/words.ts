// Small rules for the words customers and staff read, so copy is right everywhere:
// "1 item" / "2 items", and one full stop at the end of a sentence however it was built.

/** "1 order", "2 orders", "0 orders"; irregular plurals are given ("1 person", "2 people"). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Ends the text with one full stop, unless it already ends a sentence ("declined." stays, never "declined.."). */
export function sentence(text: string): string {
  const trimmed = text.trim().replace(/\.+$/, '');
  if (trimmed === '') return '';
  return /[!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Sentences joined with a space, each ending once: ["Declined.", "Try another card"] → "Declined. Try another card." */
export function sentences(...parts: (string | null | undefined | false)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map(sentence)
    .join(' ');
}

/** A sentence used inside another, in brackets or after a colon: its own full stop dropped. */
export function clause(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

const CARD_BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

/** A card brand as a customer writes it ("visa" → "Visa"); an unknown one keeps its own spelling, none is "Card". */
export function cardBrandName(brand: string | null | undefined): string {
  const key = brand?.trim() ?? '';
  if (key === '') return 'Card';
  return CARD_BRANDS[key.toLowerCase()] ?? key;
}
