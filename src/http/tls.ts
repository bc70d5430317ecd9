// TLS material of a credential or of the runtime (PEM text): a private CA trusted on top of Node's own
// roots, a client certificate and key for mTLS. Loaded once to say clearly which field is wrong before
// any call, and keyed by content so connections made with one certificate are never reused by a call
// made with another.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { createSecureContext, rootCertificates } from 'node:tls';
import { BoundedCache } from '../bounded-cache';
import { RelaisError } from '../errors';
import type { TlsOptions } from './types';

/** Options for tls.connect (through undici's connector). */
export interface TlsConnectOptions {
  ca?: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
}

// Invariant: the key is the field name and a hash of the material (tlsKey: ca, cert, key, passphrase);
// what the check finds depends on nothing else. The error of bad material is kept too (a value, not a
// throw), so the same bad PEM is not loaded again on every call.
const checked = new BoundedCache<string, TlsConnectOptions | RelaisError>(64);

function isPem(text: unknown): text is string {
  return typeof text === 'string' && text.trim() !== '';
}

/** A short key naming the material (a hash: the key is secret), '' when there is none. */
export function tlsKey(tls: TlsOptions | undefined): string {
  if (!tls || (!isPem(tls.ca) && !isPem(tls.cert) && !isPem(tls.key))) return '';
  return createHash('sha256')
    .update([tls.ca ?? '', tls.cert ?? '', tls.key ?? '', tls.passphrase ?? ''].join('\u0000'))
    .digest('base64url')
    .slice(0, 22);
}

function invalid(field: string, message: string): RelaisError {
  return new RelaisError('invalid_block', `${field}: ${message}`, { issues: [{ path: field, message }] });
}

/**
 * The connect options for some TLS material, loaded and checked once (cached by content): a CA that is
 * not a certificate, a key that does not load or does not match its certificate, a wrong passphrase are
 * invalid_block errors naming the field (`where` is e.g. "credential.tls"). The secrets never appear.
 */
export function loadTls(tls: TlsOptions | undefined, where: string): TlsConnectOptions | undefined {
  const key = tlsKey(tls);
  if (key === '' || !tls) return undefined;
  const loaded = checked.getOrCompute(`${where}\u0000${key}`, () => check(tls, where));
  if (loaded instanceof RelaisError) throw loaded;
  return loaded;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Each certificate of a PEM bundle parses (X.509), and there is at least one. */
function certificatesLoad(text: string): boolean {
  const blocks = text.match(PEM_CERTIFICATE);
  if (!blocks) return false;
  try {
    for (const block of blocks) new X509Certificate(block);
    return true;
  } catch {
    return false;
  }
}

function check(tls: TlsOptions, where: string): TlsConnectOptions | RelaisError {
  if (isPem(tls.cert) !== isPem(tls.key)) {
    return isPem(tls.cert) ? invalid(`${where}.key`, 'a client certificate needs its private key (PEM).') : invalid(`${where}.cert`, 'a private key needs its client certificate (PEM).');
  }
  const options: TlsConnectOptions = {};
  if (isPem(tls.ca)) {
    if (!certificatesLoad(tls.ca)) return invalid(`${where}.ca`, 'the certificate authority does not load: paste the PEM certificate(s), from BEGIN CERTIFICATE to END CERTIFICATE.');
    // Setting `ca` replaces Node's roots; keep them so public APIs still verify.
    options.ca = [...rootCertificates, tls.ca];
  }
  if (isPem(tls.cert) && isPem(tls.key)) {
    if (!certificatesLoad(tls.cert)) return invalid(`${where}.cert`, 'the client certificate does not load: paste the PEM certificate, from BEGIN CERTIFICATE to END CERTIFICATE.');
    const passphrase = isPem(tls.passphrase) ? tls.passphrase : undefined;
    try {
      createPrivateKey({ key: tls.key, ...(passphrase ? { passphrase } : {}) });
    } catch (error) {
      const text = `${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`;
      // An encrypted PEM key says so in its header ("ENCRYPTED PRIVATE KEY", "Proc-Type: 4,ENCRYPTED").
      if (/ENCRYPTED/.test(tls.key) || /PASSPHRASE|bad decrypt/i.test(text)) {
        return invalid(`${where}.passphrase`, passphrase ? 'the private key could not be decrypted with this passphrase.' : 'the private key is encrypted: enter its passphrase.');
      }
      return invalid(`${where}.key`, 'the private key does not load: paste the PEM private key, from BEGIN … PRIVATE KEY to END … PRIVATE KEY.');
    }
    options.cert = tls.cert;
    options.key = tls.key;
    if (passphrase) options.passphrase = passphrase;
    try {
      createSecureContext({ cert: tls.cert, key: tls.key, ...(passphrase ? { passphrase } : {}) });
    } catch {
      return invalid(`${where}.key`, 'the private key does not belong to the client certificate.');
    }
  }
  return options;
}
