// Form bodies (content_type form | multipart) from the rendered body_json object: each field is encoded
// on its own, so a value — a model-filled one included — is one field whatever it contains ("a&b=c"
// stays the value of its field; it cannot add one). Typed values are written as text: numbers and
// booleans as JSON writes them, null as empty, an array as the same field repeated, an object as JSON.
import { randomBytes } from 'node:crypto';
import { RelaisError } from '../errors';

export type FormFields = Array<[string, string]>;

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The fields of a rendered body_json, in order; invalid_block when it is not an object. */
export function formFields(body: unknown, contentType: 'form' | 'multipart'): FormFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const message = `content_type ${contentType} needs body_json to be an object whose keys are the field names, e.g. {"grant_type": "client_credentials", "name": "{{name}}"}.`;
    const fr = `content_type ${contentType} demande que body_json soit un objet dont les clés sont les noms des champs, par ex. {"grant_type": "client_credentials", "name": "{{name}}"}.`;
    throw new RelaisError('invalid_block', message, { fr, issues: [{ path: 'data.parameters.body_json', message, fr }] });
  }
  const fields: FormFields = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (Array.isArray(value)) for (const item of value) fields.push([name, asText(item)]);
    else fields.push([name, asText(value)]);
  }
  return fields;
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it (the WHATWG URL standard). */
export function encodeForm(fields: FormFields): string {
  return new URLSearchParams(fields).toString();
}

/** A field name in a multipart header: the HTML standard's escapes for `"`, CR and LF. */
function escapeName(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/** multipart/form-data (RFC 7578), text fields only, with a random boundary that no value contains. */
export function encodeMultipart(fields: FormFields): { body: string; contentType: string } {
  let boundary: string;
  do boundary = `----RelaisFormBoundary${randomBytes(12).toString('hex')}`;
  while (fields.some(([name, value]) => name.includes(boundary) || value.includes(boundary)));
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}
