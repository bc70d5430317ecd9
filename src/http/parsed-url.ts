// The last URL parsed, shared by the URL template (its origin check) and the transport: an action renders
// a URL and the transport parses the same text right after, and an action without placeholders sends
// the same text call after call. URL objects are only read by both (a redirect parses its own), so one
// object serves every caller of the same text — while it still says the href it was parsed to.

let last: { text: string; href: string; url: URL } | undefined;

/** `new URL(text)`, reusing the last result for the same text. Throws as `new URL` does. */
export function parseUrlCached(text: string): URL {
  if (last !== undefined && last.text === text && last.url.href === last.href) return last.url;
  const url = new URL(text);
  last = { text, href: url.href, url };
  return url;
}
