// URL templates. The scheme and host come only from the literal text of the template: placeholders are
// allowed after the host (path, query, fragment), so a value filled by a model can never choose where
// the request goes. Each value is percent-encoded for where it lands: a path placeholder is one path
// segment (it can never add "/", "?", "#", or be "." / ".."), a query or fragment placeholder is one
// encoded value. seed 002: "https://" is prepended when the template has no scheme.
import { BoundedCache } from '../bounded-cache';
import { RelaisError } from '../errors';
import type { UrlParts } from '../http/types';
import { templateMessageFr } from './messages-fr';
import { parseTemplate, type PlaceholderPart, type TemplatePart } from './parse';
import { valueRefused } from './scope';

export interface UrlTemplate {
  /** "https:" or "http:". */
  protocol: string;
  /** scheme://host[:port], from the literal text. */
  origin: string;
  /** host[:port] of that origin (the URL's `host`). */
  host: string;
  /** The URL's `hostname` and `port` of that origin. */
  hostname: string;
  port: string;
  /** The template parts after the origin (path, query, fragment). */
  rest: readonly TemplatePart[];
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

function invalid(where: string, message: string): RelaisError {
  return new RelaisError('invalid_block', `${where}: ${message}`, { fr: `${where} : ${templateMessageFr(message)}`, issues: [{ path: where, message, fr: templateMessageFr(message) }] });
}

// Invariant: the key is the template's source text; the split depends on nothing else (`where` only names
// the parameter in the error of a template that is refused, and those are not kept) and is frozen.
const urlTemplates = new BoundedCache<string, UrlTemplate>(500);

/** Checks a URL template and splits off its literal origin (cached per source). Throws invalid_block. */
export function parseUrlTemplate(source: string, where: string): UrlTemplate {
  return urlTemplates.getOrCompute(source, () => Object.freeze(analyseUrlTemplate(source, where)));
}

function analyseUrlTemplate(source: string, where: string): UrlTemplate {
  const trimmed = source.trim();
  if (trimmed === '') throw invalid(where, 'the URL is required, e.g. https://api.example.com/orders/{{order_number}}');
  const parts = parseTemplate(trimmed, where);
  const firstPlaceholder = parts.findIndex((p) => p.kind === 'placeholder');
  const literalPrefix = parts
    .slice(0, firstPlaceholder < 0 ? parts.length : firstPlaceholder)
    .map((p) => (p as { value: string }).value)
    .join('');
  const hasScheme = SCHEME.test(literalPrefix);
  if (!hasScheme && firstPlaceholder === 0) {
    throw invalid(where, 'the URL must start with its host written out (https://api.example.com/…); placeholders may only come after the host, in the path, query or fragment');
  }
  const withScheme = hasScheme ? literalPrefix : `https://${literalPrefix}`;
  const scheme = SCHEME.exec(withScheme)![1].toLowerCase();
  if (scheme !== 'https' && scheme !== 'http') throw invalid(where, `the URL scheme must be https (or http with allow_http), not "${scheme}"`);
  const afterScheme = withScheme.slice(scheme.length + 3);
  const authorityEnd = afterScheme.search(/[/?#]/);
  if (authorityEnd < 0 && firstPlaceholder >= 0) {
    throw invalid(where, 'placeholders may only come after the host, in the path, query or fragment (write the host out: https://api.example.com/{{…}})');
  }
  const authority = authorityEnd < 0 ? afterScheme : afterScheme.slice(0, authorityEnd);
  if (authority.includes('@')) throw invalid(where, 'the URL must not hold a user name or password; use a credential (parameters.credential) instead');
  let origin: URL;
  try {
    origin = new URL(`${scheme}://${authority}/`);
  } catch {
    throw invalid(where, `"${authority}" is not a valid host`);
  }
  if (origin.hostname === '') throw invalid(where, 'the URL has no host');
  const restLiteral = authorityEnd < 0 ? '' : afterScheme.slice(authorityEnd);
  const rest: TemplatePart[] = [];
  if (restLiteral !== '') rest.push({ kind: 'text', value: restLiteral });
  if (firstPlaceholder >= 0) rest.push(...parts.slice(firstPlaceholder));
  // URL.origin of an http(s) URL is scheme://host[:port] (default port left out), as a prefix must be.
  return { protocol: origin.protocol, origin: origin.origin, host: origin.host, hostname: origin.hostname, port: origin.port, rest };
}

type Place = 'path' | 'query' | 'fragment';

/** A lone UTF-16 surrogate (text cut in the middle of an emoji) cannot be percent-encoded. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The characters encodeURIComponent leaves as they are: letters, digits and "-_.!~*'()". */
const UNESCAPED: readonly boolean[] = Array.from({ length: 128 }, (_, code) => /[A-Za-z0-9\-_.!~*'()]/.test(String.fromCharCode(code)));

/** encodeURIComponent, with lone surrogates replaced by U+FFFD instead of throwing a URIError. A value
 * it would leave as it is (an order number, an id) is returned without calling it. */
export function encodeComponent(value: string): string {
  let plain = true;
  for (let i = 0; i < value.length && plain; i++) {
    const code = value.charCodeAt(i);
    plain = code < 128 && UNESCAPED[code];
  }
  if (plain) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    // Only a lone surrogate makes encodeURIComponent throw (URIError): replace those and encode again.
    return encodeURIComponent(value.replace(LONE_SURROGATE, '\uFFFD'));
  }
}

type RenderOptions = { allowHttp: boolean; where: string };

/**
 * Renders a URL template. `text` gives the text of a placeholder's value. Throws insecure_url for
 * http:// without `allowHttp`, invalid_variable for a value that cannot stand in its place.
 */
export function renderUrl(template: UrlTemplate, text: (part: PlaceholderPart) => string, options: RenderOptions): string {
  return renderUrlParsed(template, text, options).text;
}

/**
 * renderUrl, with the parts of the URL its text is: read from the template and the text when that text
 * is already written as the URL parser writes it (isSerialisedTail), else the URL it parses to (checked
 * to keep the template's origin). A caller that sends this very text hands `url` to the transport
 * (HttpRequest.url), which then does not parse the text again. Only read.
 */
export function renderUrlParsed(template: UrlTemplate, text: (part: PlaceholderPart) => string, options: RenderOptions): { text: string; url: UrlParts } {
  if (template.protocol === 'http:' && !options.allowHttp) {
    throw new RelaisError('insecure_url', `${options.where}: http:// URLs are refused because they are not encrypted; use https:// or set allow_http for a trusted network.`, {
      fr: `${options.where} : les URL http:// sont refusées car elles ne sont pas chiffrées ; utilisez https:// ou activez allow_http pour un réseau de confiance.`,
      issues: [{ path: options.where, message: 'http:// is refused without allow_http', fr: 'http:// est refusé sans allow_http' }],
    });
  }
  let place: Place = 'path';
  let out = '';
  // Path segments that hold a placeholder's value, checked for "." and ".." once complete: only those
  // whose value could be part of one (a segment holds its whole encoded value: "/", "?", "#" are encoded).
  let valueSegments: Array<{ start: number; part: PlaceholderPart }> | undefined;
  for (const part of template.rest) {
    if (part.kind === 'text') {
      // A "#" anywhere starts the fragment; otherwise a "?" in the path starts the query.
      if (part.value.includes('#')) place = 'fragment';
      else if (place === 'path' && part.value.includes('?')) place = 'query';
      out += part.value;
      continue;
    }
    const value = text(part);
    const encoded = encodeComponent(value);
    if (place === 'path') {
      if (value === '') throw valueRefused(part, 'is empty, and it stands in the URL path; provide a value');
      if (encoded.length <= DOT_SEGMENT_MAX) (valueSegments ??= []).push({ start: out.length, part });
    }
    out += encoded;
  }
  if (valueSegments) checkSegments(out, valueSegments);
  const url = `${template.origin}${out}`;
  // The usual rendered path (and query) is already written as the URL parser writes it: its parts are
  // then the template's origin and this text, without parsing it again (isSerialisedTail). Such a text
  // starts with "/", where the host ends: the origin is the template's by construction.
  if (isSerialisedTail(out)) return { text: url, url: new RenderedUrl(url, template, out) };
  // Defence in depth: whatever was rendered, the origin must be the template's.
  // (template.origin is already the serialised origin of a parsed URL: scheme://host[:port].)
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(options.where, 'the rendered URL is not a valid URL');
  }
  // The origin of an http(s) URL is `${protocol}//${host}`: compared by its two parts, without building it.
  if (parsed.host !== template.host || parsed.protocol !== template.protocol) throw invalid(options.where, 'the rendered URL does not keep the host of the template');
  return { text: url, url: parsed };
}

/**
 * The ASCII characters the URL parser leaves as they are in an http(s) URL's path and query: letters,
 * digits, "-._~", "!$&'()*+,;=:@", "/", "?" and "%" — "%" only before two hex digits, "'" only in the
 * path (a special URL's query encodes it), both checked apart. Left out on purpose, though some pass
 * unchanged somewhere: "\\" (a path separator), "#", "[", "]", "^", "|", "{", "}", "`", quotes, angle
 * brackets, spaces, controls and anything non-ASCII: a text holding one is parsed.
 */
const KEPT_AS_WRITTEN: readonly boolean[] = Array.from({ length: 128 }, (_, code) => /[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/.test(String.fromCharCode(code)));

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * Whether `new URL(origin + tail)`, for an http(s) origin as URL.origin writes it, has exactly `origin`
 * as its origin, `tail` as the rest of its href, and the path and query read from `tail` (RenderedUrl):
 * the tail starts the path ("/": the host ends there), holds only characters the parser keeps as they are
 * (KEPT_AS_WRITTEN; "%" only as a percent-escape), no fragment, and no path segment that could be a dot
 * segment ("." or "%2e" at a segment's start: those the parser would resolve). A test compares this with
 * the URL parser on random tails (test/unit/template/url-serialised.test.ts). Anything else is parsed.
 */
export function isSerialisedTail(tail: string): boolean {
  if (tail.charCodeAt(0) !== 0x2f) return false;
  let inPath = true;
  for (let i = 0; i < tail.length; i++) {
    const code = tail.charCodeAt(i);
    if (code >= 128 || !KEPT_AS_WRITTEN[code]) return false;
    if (code === 0x25) {
      if (!isHexDigit(tail.charCodeAt(i + 1)) || !isHexDigit(tail.charCodeAt(i + 2))) return false;
    } else if (code === 0x3f) {
      inPath = false;
    } else if (code === 0x27 && !inPath) {
      return false;
    } else if (code === 0x2f && inPath) {
      const next = tail.charCodeAt(i + 1);
      if (next === 0x2e || (next === 0x25 && tail.charCodeAt(i + 2) === 0x32 && (tail.charCodeAt(i + 3) | 0x20) === 0x65)) return false;
    }
  }
  return true;
}

/** The parts of a URL rendered from a template, for a tail isSerialisedTail accepted: what `new URL`
 * would give for each (`String()` of it is its href, as for a URL). Only read. */
class RenderedUrl implements UrlParts {
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly username = '';
  readonly password = '';
  readonly pathname: string;
  readonly search: string;

  constructor(
    readonly href: string,
    template: UrlTemplate,
    tail: string,
  ) {
    this.origin = template.origin;
    this.protocol = template.protocol;
    this.host = template.host;
    this.hostname = template.hostname;
    this.port = template.port;
    const query = tail.indexOf('?');
    this.pathname = query < 0 ? tail : tail.slice(0, query);
    // An empty query ("/orders?") has no search, as URL.search says.
    this.search = query < 0 || query === tail.length - 1 ? '' : tail.slice(query);
  }

  toString(): string {
    return this.href;
  }
}

/** "." or ".." as written in a path, percent-encoded dots included ("%2e", "%2E%2e"…). */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;
/** The longest text DOT_SEGMENT matches ("%2e%2e"). */
const DOT_SEGMENT_MAX = 6;

function checkSegments(rendered: string, valueSegments: Array<{ start: number; part: PlaceholderPart }>): void {
  for (const { start, part } of valueSegments) {
    const segmentStart = rendered.lastIndexOf('/', start) + 1;
    let end = start;
    while (end < rendered.length) {
      const c = rendered.charCodeAt(end);
      if (c === 0x2f || c === 0x3f || c === 0x23) break; // "/", "?", "#"
      end++;
    }
    if (end - segmentStart > DOT_SEGMENT_MAX) continue; // too long to be a dot segment
    const first = rendered.charCodeAt(segmentStart);
    if (first !== 0x2e && first !== 0x25) continue; // a dot segment starts with "." or "%"
    if (DOT_SEGMENT.test(rendered.slice(segmentStart, end))) throw valueRefused(part, 'would make a "." or ".." path segment (path traversal); provide a real value');
  }
}

/** Appends rendered query parameters (query_json) to a URL, before its fragment, each encoded. */
export function appendQuery(url: string, query: Array<[string, string]>): string {
  if (query.length === 0) return url;
  const hashAt = url.indexOf('#');
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : url.slice(hashAt);
  const encoded = query.map(([key, value]) => `${encodeComponent(key)}=${encodeComponent(value)}`).join('&');
  const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${separator}${encoded}${fragment}`;
}
