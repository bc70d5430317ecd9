// Sizes known without serialising: decodeBody records the length of the text each parsed JSON value came
// from, so filtering a response does not stringify all of it again just to report `original_chars`
// (for a response, the characters of its body are the honest "before" size anyway).
const knownSizes = new WeakMap<object, number>();

export function recordSize(data: unknown, chars: number): void {
  if (typeof data === 'object' && data !== null) knownSizes.set(data, chars);
}

export function knownSize(data: unknown): number | undefined {
  return typeof data === 'object' && data !== null ? knownSizes.get(data) : undefined;
}
