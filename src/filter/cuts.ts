// What pre-filtering cut, counted as it happens, and the markers it leaves in the data so a model (and a
// person reading the result) can see that something is missing and how much.

export type CutKind = 'array_items' | 'object_keys' | 'strings' | 'string_chars';

export class Cuts {
  private readonly counts: Partial<Record<CutKind, number>> = {};

  add(kind: CutKind, amount: number): void {
    if (amount > 0) this.counts[kind] = (this.counts[kind] ?? 0) + amount;
  }

  /** Something was cut (a count was added); read from the counts without listing their keys. */
  get any(): boolean {
    for (const kind in this.counts) if (Object.hasOwn(this.counts, kind)) return true;
    return false;
  }

  toRecord(): Record<string, number> {
    return { ...this.counts };
  }
}

/** Key of the marker that ends a cut array (as an object item) or a cut object (as a key). */
export const TRUNCATED_KEY = '…truncated';

export function arrayMarker(dropped: number): Record<string, string> {
  return { [TRUNCATED_KEY]: `${dropped} more item${dropped === 1 ? '' : 's'}` };
}

export function objectMarkerValue(dropped: number): string {
  return `${dropped} more key${dropped === 1 ? '' : 's'}`;
}

export function stringMarker(dropped: number): string {
  return `… [truncated ${dropped} chars]`;
}

/** Where to cut a string so a surrogate pair is never split. */
export function safeCut(text: string, length: number): number {
  if (length <= 0) return 0;
  if (length >= text.length) return text.length;
  const code = text.charCodeAt(length - 1);
  return code >= 0xd800 && code <= 0xdbff ? length - 1 : length;
}

/** `text` cut to `keep` characters (surrogate-safe) followed by the marker of what was cut. */
export function cutString(text: string, keep: number, cuts: Cuts): string {
  const at = safeCut(text, keep);
  const dropped = text.length - at;
  cuts.add('strings', 1);
  cuts.add('string_chars', dropped);
  return text.slice(0, at) + stringMarker(dropped);
}
