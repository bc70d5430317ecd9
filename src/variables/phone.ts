// Phone numbers normalised to E.164 ("+33612345678"). Separators people type (spaces, dots, dashes,
// parentheses) are dropped; "00" is the international prefix; a French national number (ten digits
// starting with 0, "06 12 34 56 78") becomes +33 without its leading 0; "+33 (0)6…" loses the "(0)".
// Other national formats cannot be told apart without a country, so they must be written with "+".

const SEPARATORS = /[\s.\-/()]/g;

/** The E.164 form of `text`, or undefined when it is not a phone number this can read. */
export function normalisePhone(text: string): string | undefined {
  let compact = text.trim().replace(/\(0\)/g, '').replace(SEPARATORS, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  if (/^0[1-9]\d{8}$/.test(compact)) return `+33${compact.slice(1)}`;
  // E.164: a country code that does not start with 0, at most 15 digits in all.
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  return undefined;
}
