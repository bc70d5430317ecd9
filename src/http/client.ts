// The transport every network call of the core goes through: one deadline per call, a byte cap while
// streaming and after decompression, the SSRF guard on each hop (scheme and literal addresses here, the
// connected address in guard.ts), redirects that drop credentials across origins, and safe retries.
// The modules beside this file each do one of those jobs; this one puts them in order.
import { RelaisError } from '../errors';
import { createRedactor, type Redactor } from '../redact';
import { compileAllowedRanges } from './address';
import { Agents } from './agents';
import { ACCEPT_ENCODING } from './body';
import { Deadline } from './deadline';
import { exchange } from './exchange';
import { cancelled, timedOut, transportError } from './failures';
import { systemResolver, type Resolver } from './guard';
import { accessFor, blockedCredentialError, checkUrl, createAllowList, credentialHostAllowed } from './policy';
import { createProxyRoute } from './proxy';
import { nextHop, REDIRECT_STATUSES, type Hop } from './redirect';
import { nextDelay, retriesAllowed, RETRY_STATUSES } from './retry';
import { RESERVED_HEADERS } from './reserved-headers';
import { loadTls, tlsKey } from './tls';
import type { HttpClient, HttpMethod, HttpRequest, HttpResponse, NetworkPolicy, TlsOptions, UrlParts } from './types';

export interface HttpClientOptions {
  /** Replaces DNS resolution (tests: a public-looking name that resolves to a private address). */
  resolver?: Resolver;
  /** Extra certificate authorities to trust (PEM), e.g. an internal CA; Node's roots stay trusted. */
  ca?: string | Buffer | (string | Buffer)[];
  /** The runtime's TLS material (private CA, client certificate for mTLS); a call's own `tls` wins. */
  tls?: TlsOptions;
}

export const DEFAULT_MAX_REDIRECTS = 5;
export const USER_AGENT = 'Relais (+https://github.com/relais-dev/n8n-nodes-agent-actions)';
const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

interface CallState {
  /** Host of the hop in flight, for error messages. */
  host: string;
}

function invalid(message: string, path: string, fr: string): RelaisError {
  return new RelaisError('invalid_block', message, { fr, issues: [{ path, message, fr }] });
}

function prepareHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  let acceptEncoding = false;
  let userAgent = false;
  if (headers) {
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (RESERVED_HEADERS.has(lower)) continue;
      if (lower === 'accept-encoding') acceptEncoding = true;
      if (lower === 'user-agent') userAgent = true;
      out[name] = String(headers[name]);
    }
  }
  if (!acceptEncoding) out['accept-encoding'] = ACCEPT_ENCODING;
  if (!userAgent) out['user-agent'] = USER_AGENT;
  return out;
}

function parseUrl(url: string | UrlParts): UrlParts {
  if (typeof url !== 'string') return url;
  try {
    return new URL(url);
  } catch {
    throw invalid('The URL is not a valid absolute URL: it needs https:// and a host name, e.g. https://api.example.com/orders.', 'url', "L'URL n'est pas une URL absolue valide : il lui faut https:// et un nom d'hôte, par ex. https://api.example.com/orders.");
  }
}

/** The secrets a hop still carries: in its URL, its headers or its body. */
function carriesSecret(hop: Hop, secrets: readonly string[]): boolean {
  if (secrets.length === 0) return false;
  const redact = createRedactor(secrets);
  const texts = [hop.url.href, ...Object.values(hop.headers)];
  if (hop.body !== undefined) texts.push(typeof hop.body === 'string' ? hop.body : Buffer.from(hop.body).toString('utf8'));
  return texts.some((text) => redact(text) !== text);
}

function runtimeTls(options: HttpClientOptions): TlsOptions | undefined {
  if (options.tls) return options.tls;
  if (options.ca === undefined) return undefined;
  return { ca: (Array.isArray(options.ca) ? options.ca : [options.ca]).map(String).join('\n') };
}

/** Builds the client; a bad allowed_ranges entry, proxy URL or TLS material is an invalid_block naming it. */
export function createHttpClient(policy: NetworkPolicy, options: HttpClientOptions = {}): HttpClient {
  const ranges = compileAllowedRanges(policy.allowed_ranges);
  const proxy = createProxyRoute(policy.proxy, policy.use_env_proxy);
  const agents = new Agents({ resolver: options.resolver ?? systemResolver, tls: loadTls(runtimeTls(options), 'tls'), ranges, proxy });
  const isAllowed = createAllowList(policy.allowed_hosts);

  /** One attempt: the request and the redirects it leads to, with the body read under the cap. Not an
   * async function: each hop's exchange promise is chained (no frame to suspend and resume per call). */
  function followRedirects(request: HttpRequest, hop: Hop, redirects: number, deadline: Deadline, state: CallState, cap: number): Promise<HttpResponse> {
    state.host = hop.url.host;
    let access;
    try {
      access = accessFor(hop.url, policy, isAllowed, request);
      checkUrl(hop.url, access, request, redirects > 0, ranges);
      // A credential bound to hosts never leaves them: a first hop elsewhere, or a redirect elsewhere that
      // would still carry a secret, is refused here, before anything is sent.
      if (request.credential_hosts && !credentialHostAllowed(request.credential_hosts, hop.url) && (redirects === 0 || carriesSecret(hop, request.secrets ?? []))) {
        throw blockedCredentialError(hop.url.host, true);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    let agent;
    try {
      agent = request.tls ? agents.for(access, tlsKey(request.tls), loadTls(request.tls, 'credential.tls')) : agents.for(access);
    } catch (error) {
      return Promise.reject(error);
    }
    let next: Hop | undefined;
    const mayRedirect = redirects < (request.max_redirects ?? DEFAULT_MAX_REDIRECTS);
    return exchange(
      agent,
      { origin: hop.url.origin, path: hop.url.pathname + hop.url.search, method: hop.method, headers: hop.headers, body: hop.body ?? null },
      cap,
      deadline,
      // Decided as soon as the headers are in: a redirect that will be followed has its body skipped.
      (status, headers) => {
        if (mayRedirect && REDIRECT_STATUSES.has(status)) next = nextHop(hop, status, headers.location, request.secrets ?? []);
        return next === undefined;
      },
    ).then((response): HttpResponse | Promise<HttpResponse> => {
      if (next) return followRedirects(request, next, redirects + 1, deadline, state, cap);
      return { status: response.status, headers: response.headers, body: response.body, url: hop.url.href, redirects, duration_ms: 0, attempts: 0 };
    });
  }

  async function request(request: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    if (!METHODS.has(request.method)) throw invalid(`The HTTP method "${String(request.method)}" is not supported: use GET, POST, PUT, PATCH, DELETE or HEAD.`, 'method', `La méthode HTTP "${String(request.method)}" n'est pas prise en charge : utilisez GET, POST, PUT, PATCH, DELETE ou HEAD.`);
    // Node timers hold at most 2^31−1 ms (24.8 days); beyond, they would fire at once.
    if (!(request.timeout_ms > 0) || !(request.timeout_ms <= 2_147_483_647)) throw invalid('The timeout must be a positive number of milliseconds (at most 24 days).', 'timeout_ms', 'Le délai doit être un nombre positif de millisecondes (24 jours au plus).');
    const first = parseUrl(request.url);
    if (agents.isClosed) throw new RelaisError('connect_failed', 'The HTTP client is closed (the runtime was closed).', { fr: 'Le client HTTP est fermé (le runtime a été fermé).' });
    const cap = request.max_response_bytes ?? policy.max_response_bytes;
    const retries = retriesAllowed(request.method as HttpMethod, request.headers, request.retry);
    const state: CallState = { host: first.host };
    let redactor: Redactor | undefined;
    const redact: Redactor = (text) => (redactor ??= createRedactor(request.secrets ?? []))(text);
    const deadline = new Deadline(request.timeout_ms, request.signal);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const response = await followRedirects(request, { url: first, method: request.method, headers: prepareHeaders(request.headers), body: request.body }, 0, deadline, state, cap);
          if (attempt <= retries && RETRY_STATUSES.has(response.status)) {
            const delay = nextDelay(attempt, request.retry, response.headers['retry-after'], deadline.remaining());
            if (delay !== undefined) {
              await deadline.wait(delay);
              continue;
            }
          }
          response.duration_ms = Math.round(performance.now() - started);
          response.attempts = attempt;
          return response;
        } catch (error) {
          if (deadline.aborted) throw deadline.expired ? timedOut(redact(state.host), request.timeout_ms) : cancelled(redact(state.host));
          const failure = transportError(error, state.host, redact);
          if (failure.code === 'connect_failed' && attempt <= retries) {
            const delay = nextDelay(attempt, request.retry, undefined, deadline.remaining());
            if (delay !== undefined) {
              await deadline.wait(delay).catch(() => undefined);
              if (!deadline.aborted) continue;
              throw deadline.expired ? timedOut(redact(state.host), request.timeout_ms) : cancelled(redact(state.host));
            }
          }
          throw failure;
        }
      }
    } finally {
      deadline.clear();
    }
  }

  return { request, close: () => agents.close() };
}
