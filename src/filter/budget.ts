// The total character budget (`max_chars`) for JSON as well as text. The result is always valid JSON whose
// serialisation (JSON.stringify, compact) fits the budget: values are kept in document order, the first
// value that does not fit is shrunk into the space left, and everything after it is replaced by a marker
// saying how many items or keys were cut. Sizes are measured with an early exit, so reducing a 10 MB
// document to 4 KB reads little more than the 4 KB it keeps.
import { arrayMarker, type Cuts, cutString, objectMarkerValue, safeCut, stringMarker, TRUNCATED_KEY } from './cuts';
import { leafJsonLength, stringJsonLength } from './json-length';
import { setOwn } from '../own-property';

/** Below this much room a partial container or string is not worth keeping: the value is dropped. */
const MIN_PARTIAL = 24;

/** Serialised length of one character of a JSON string (JSON.stringify's escapes). */
function escapedLength(code: number, next: number, previous: number): number {
  if (code === 0x22 || code === 0x5c) return 2;
  if (code < 0x20) return code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : 6;
  // Lone surrogates are escaped as \uXXXX by JSON.stringify (well-formed stringify).
  if (code >= 0xd800 && code <= 0xdbff) return next >= 0xdc00 && next <= 0xdfff ? 1 : 6;
  if (code >= 0xdc00 && code <= 0xdfff) return previous >= 0xd800 && previous <= 0xdbff ? 1 : 6;
  return 1;
}

/** JSON.stringify(value).length, or any number > limit as soon as it is known to exceed it. */
export function jsonSize(value: unknown, limit = Infinity): number {
  // A string at least as long as the room left cannot fit: skip measuring it (it may be megabytes).
  if (typeof value === 'string' && value.length + 2 > limit) return value.length + 2;
  const leaf = leafJsonLength(value);
  if (leaf !== undefined) return leaf;
  if (typeof value !== 'object') return 4; // undefined/functions become null in arrays (dropped from objects: handled there)
  if (value === null) return 4;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value)?.length ?? 4;
  if (Array.isArray(value)) {
    let size = 2;
    for (let i = 0; i < value.length && size <= limit; i++) size += (i > 0 ? 1 : 0) + jsonSize(value[i], limit - size);
    return size;
  }
  let size = 2;
  let first = true;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    size += (first ? 0 : 1) + stringJsonLength(key) + 1 + jsonSize(item, limit - size);
    first = false;
    if (size > limit) return size;
  }
  return size;
}

/** A string whose JSON serialisation fits `budget` (marker included), or undefined when it cannot. */
function fitString(text: string, budget: number, cuts: Cuts): string | undefined {
  const markerRoom = JSON.stringify(stringMarker(text.length)).length - 2;
  let room = budget - 2 - markerRoom;
  if (room < 0) return undefined;
  let keep = 0;
  while (keep < text.length) {
    const cost = escapedLength(text.charCodeAt(keep), text.charCodeAt(keep + 1), keep > 0 ? text.charCodeAt(keep - 1) : 0);
    if (cost > room) break;
    room -= cost;
    keep++;
  }
  keep = safeCut(text, keep);
  const dropped = text.length - keep;
  cuts.add('strings', 1);
  cuts.add('string_chars', dropped);
  return text.slice(0, keep) + stringMarker(dropped);
}

function fitArray(items: unknown[], budget: number, cuts: Cuts): unknown[] | undefined {
  const markerRoom = 1 + jsonSize(arrayMarker(items.length));
  if (2 + markerRoom > budget) return undefined;
  const out: unknown[] = [];
  let used = 2;
  let index = 0;
  for (; index < items.length; index++) {
    const separator = out.length > 0 ? 1 : 0;
    const reserve = index < items.length - 1 ? markerRoom : 0;
    const size = jsonSize(items[index], budget - used - separator - reserve);
    if (used + separator + size + reserve <= budget) {
      out.push(items[index]);
      used += separator + size;
      continue;
    }
    const room = budget - used - separator - markerRoom;
    const partial = room >= MIN_PARTIAL ? fitValue(items[index], room, cuts) : undefined;
    if (partial !== undefined) {
      out.push(partial);
      index++;
    }
    break;
  }
  const dropped = items.length - index;
  if (dropped > 0) {
    cuts.add('array_items', dropped);
    out.push(arrayMarker(dropped));
  }
  return out;
}

function fitObject(record: Record<string, unknown>, budget: number, cuts: Cuts): Record<string, unknown> | undefined {
  const entries = Object.entries(record).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  const markerRoom = 1 + JSON.stringify(TRUNCATED_KEY).length + 1 + JSON.stringify(objectMarkerValue(entries.length)).length;
  if (2 + markerRoom > budget) return undefined;
  const out: Record<string, unknown> = {};
  let used = 2;
  let kept = 0;
  let index = 0;
  for (; index < entries.length; index++) {
    const [key, item] = entries[index];
    const keySize = (kept > 0 ? 1 : 0) + JSON.stringify(key).length + 1;
    const reserve = index < entries.length - 1 ? markerRoom : 0;
    const size = jsonSize(item, budget - used - keySize - reserve);
    if (used + keySize + size + reserve <= budget) {
      setOwn(out, key, item);
      used += keySize + size;
      kept++;
      continue;
    }
    const room = budget - used - keySize - markerRoom;
    const partial = room >= MIN_PARTIAL ? fitValue(item, room, cuts) : undefined;
    if (partial !== undefined) {
      setOwn(out, key, partial);
      index++;
    }
    break;
  }
  const dropped = entries.length - index;
  if (dropped > 0) {
    cuts.add('object_keys', dropped);
    out[TRUNCATED_KEY] = objectMarkerValue(dropped);
  }
  return out;
}

/** `value` reduced to fit `budget` serialised characters, or undefined when nothing sensible fits. */
function fitValue(value: unknown, budget: number, cuts: Cuts): unknown {
  if (jsonSize(value, budget) <= budget) return value;
  if (typeof value === 'string') return fitString(value, budget, cuts);
  if (Array.isArray(value)) return fitArray(value, budget, cuts);
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    return fitObject(value as Record<string, unknown>, budget, cuts);
  }
  return undefined;
}

/** A JSON value whose serialisation fits `budget` characters (budget >= MIN_BUDGET). */
export function fitJson(value: unknown, budget: number, cuts: Cuts): unknown {
  const fitted = fitValue(value, budget, cuts);
  if (fitted !== undefined && jsonSize(fitted, budget) <= budget) return fitted;
  // Nothing of the value fits (e.g. a huge number and a tiny budget): say so instead of returning junk.
  const total = jsonSize(value);
  cuts.add('string_chars', total);
  return stringMarker(total);
}

/** Text (not JSON): the budget counts characters of the text itself. */
export function fitText(text: string, budget: number, cuts: Cuts): string {
  if (text.length <= budget) return text;
  const markerRoom = stringMarker(text.length).length;
  return cutString(text, Math.max(0, budget - markerRoom), cuts);
}
