// Building objects from keys that came from outside (a response, a filter's input) without letting a
// key named "__proto__" set the object's prototype: `out[key] = value` with that key replaces the
// prototype (so `{"__proto__": {"isAdmin": true}}` would make `out.isAdmin` true); JSON.parse, by
// contrast, makes it an ordinary own key, and this keeps it one.

/** Sets an own enumerable property, "__proto__" included (as a key, never as the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
