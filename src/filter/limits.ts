// `max_items` and `max_string_length`: the first N items of every array and a cut on every long string,
// in one copying pass; each cut leaves a marker (see cuts.ts).
import { arrayMarker, cutString, type Cuts } from './cuts';
import { setOwn } from '../own-property';

export interface Limits {
  maxItems?: number;
  maxStringLength?: number;
}

export function applyLimits(value: unknown, limits: Limits, cuts: Cuts): unknown {
  if (limits.maxItems === undefined && limits.maxStringLength === undefined) return value;
  return limit(value, limits, cuts);
}

function limit(value: unknown, limits: Limits, cuts: Cuts): unknown {
  if (typeof value === 'string') {
    const max = limits.maxStringLength;
    return max !== undefined && value.length > max ? cutString(value, max, cuts) : value;
  }
  if (Array.isArray(value)) {
    const max = limits.maxItems;
    const kept = max !== undefined && value.length > max ? value.slice(0, max) : value;
    const out = kept.map((item) => limit(item, limits, cuts));
    if (kept.length < value.length) {
      const dropped = value.length - kept.length;
      cuts.add('array_items', dropped);
      out.push(arrayMarker(dropped));
    }
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, limit(item, limits, cuts));
    return out;
  }
  return value;
}
