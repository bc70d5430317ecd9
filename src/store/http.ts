// The http backend: any REST CRM. Each store operation is an http_request-style request template
// (method, url, query, headers, JSON body with {{placeholders}}), rendered with the template module's
// escaping by placement and sent through the runtime's transport, so credentials, deadlines, size
// caps, the SSRF guard and redaction apply as for every other call. Matching (email, then phone) is the
// CRM's upsert endpoint's job; lists are filtered again here so a CRM that ignores a query parameter
// can never make tag_contact pick the wrong contact.
import { RelaisError, isRelaisError } from '../errors';
import { applyCredential } from '../http/auth';
import { decodeBody, errorForResponse } from '../http/response';
import type { HttpClient, HttpResponse } from '../http/types';
import { createRedactor, type Redactor } from '../redact';
import { parseJsonTemplate, renderJsonTemplate, type JsonTemplate } from '../template/json-template';
import { parseTemplate, type PlaceholderPart, type TemplatePart } from '../template/parse';
import { lookupPlaceholder, placeholderText, type TemplateScope } from '../template/scope';
import { appendQuery, parseUrlTemplate, renderUrlParsed, type UrlTemplate } from '../template/url';
import { credentialSecrets } from '../credentials';
import { DEFAULT_OPERATIONS } from './http-defaults';
import { checkHttpStoreOptions } from './http-options';
import { contactBody, contactFieldNames, contactFromRecord, listResult, singleResult, taskFromRecord, type ContactFieldNames } from './http-mapping';
import type { Contact, ContactStore, HttpStoreOperationName, HttpStoreOptions, Task } from './types';
import { normalizeContactInput, normalizeId, normalizeQuery, normalizeTag, normalizeTaskInput, normalizeTaskPatch, type NormalQuery } from './validate';

export const DEFAULT_HTTP_STORE_TIMEOUT_MS = 10_000;

interface CompiledOperation {
  name: HttpStoreOperationName;
  method: NonNullable<(typeof DEFAULT_OPERATIONS)[HttpStoreOperationName]['method']>;
  url: UrlTemplate;
  query: Array<[string, readonly TemplatePart[]]>;
  headers: Array<[string, readonly TemplatePart[]]>;
  body?: JsonTemplate;
  result_path?: string;
}

function invalid(path: string, message: string): RelaisError {
  return new RelaisError('invalid_block', `${path}: ${message}`, { issues: [{ path, message }] });
}

function checkBaseUrl(options: HttpStoreOptions): string {
  if (typeof options.base_url !== 'string' || options.base_url.trim() === '') throw invalid('store.base_url', 'the CRM API root is required, e.g. https://crm.example.com/api');
  const base = options.base_url.trim().replace(/\/+$/, '');
  if (base.includes('{{')) throw invalid('store.base_url', 'cannot hold placeholders');
  return base;
}

function compile(name: HttpStoreOperationName, options: HttpStoreOptions, base: string): CompiledOperation {
  const op = { ...DEFAULT_OPERATIONS[name], ...options.operations?.[name] };
  const where = `store.operations.${name}`;
  const rawUrl = String(op.url ?? '');
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(rawUrl) ? rawUrl : `${base}/${rawUrl.replace(/^\/+/, '')}`;
  const body = op.body === undefined || op.body === null || op.body === '' ? undefined : parseJsonTemplate(typeof op.body === 'string' ? op.body : JSON.stringify(op.body), `${where}.body`);
  return {
    name,
    method: op.method,
    url: parseUrlTemplate(absolute, `${where}.url`),
    query: Object.entries(op.query ?? {}).map(([key, value]) => [key, parseTemplate(String(value), `${where}.query.${key}`)]),
    headers: Object.entries({ ...options.headers, ...op.headers }).map(([key, value]) => [key, parseTemplate(String(value), `${where}.headers.${key}`)]),
    body,
    result_path: op.result_path,
  };
}

function renderText(parts: readonly TemplatePart[], scope: TemplateScope, where: string): string {
  return parts.map((part) => (part.kind === 'text' ? part.value : placeholderText(lookupPlaceholder(scope, part, where), part, where))).join('');
}

class HttpStore implements ContactStore {
  private readonly operations: Record<HttpStoreOperationName, CompiledOperation>;
  private readonly redact: Redactor;
  private readonly secrets: string[];
  private readonly timeout: number;

  constructor(
    private readonly options: HttpStoreOptions,
    private readonly http: HttpClient,
  ) {
    const base = checkBaseUrl(options);
    this.operations = Object.fromEntries(
      (Object.keys(DEFAULT_OPERATIONS) as HttpStoreOperationName[]).map((name) => [name, compile(name, options, base)]),
    ) as Record<HttpStoreOperationName, CompiledOperation>;
    if (options.credential?.type === 'oauth2_client_credentials') {
      throw invalid('store.credential', 'an OAuth2 client credentials credential is not supported by the HTTP contact store yet: use a bearer, basic, header, headers, query or body credential');
    }
    this.secrets = options.credential ? credentialSecrets(options.credential) : [];
    this.redact = createRedactor(this.secrets);
    this.timeout = options.timeout_ms ?? DEFAULT_HTTP_STORE_TIMEOUT_MS;
    if (!Number.isInteger(this.timeout) || this.timeout < 1 || this.timeout > 60_000) throw invalid('store.timeout_ms', `an integer from 1 to 60000 (got ${this.timeout})`);
  }

  /** Sends one operation; resolves with the response (any status), rejects with store_error. */
  private async send(name: HttpStoreOperationName, scope: TemplateScope): Promise<HttpResponse> {
    const op = this.operations[name];
    const where = `store.operations.${name}`;
    const text = (part: PlaceholderPart) => placeholderText(lookupPlaceholder(scope, part, where), part, where);
    const rendered = renderUrlParsed(op.url, text, { allowHttp: this.options.allow_http === true, where: `${where}.url` });
    const query = op.query.map(([key, parts]): [string, string] => [key, renderText(parts, scope, `${where}.query.${key}`)]).filter(([, value]) => value !== '');
    const url = appendQuery(rendered.text, query);
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [key, parts] of op.headers) headers[key] = renderText(parts, scope, `${where}.headers.${key}`);
    const body = op.body ? renderJsonTemplate(op.body, (part) => lookupPlaceholder(scope, part, where), text) : undefined;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const auth = applyCredential(this.options.credential, { headers, body, url });
    const sent = auth.url ?? url;
    try {
      return await this.http.request({
        method: op.method,
        // The URL the template's check parsed, while no query or credential changed its text.
        url: sent === rendered.text ? rendered.url : sent,
        ...(this.options.credential?.tls ? { tls: this.options.credential.tls } : {}),
        ...(this.options.credential?.allowed_hosts?.length ? { credential_hosts: this.options.credential.allowed_hosts } : {}),
        headers: auth.headers,
        body: auth.body === undefined ? undefined : JSON.stringify(auth.body),
        timeout_ms: this.timeout,
        allow_http: this.options.allow_http === true,
        allow_private_network: this.options.allow_private_network === true,
        secrets: [...this.secrets, ...auth.secrets],
      });
    } catch (error) {
      const reason = this.redact(isRelaisError(error) ? error.message : String((error as Error)?.message ?? error));
      throw new RelaisError('store_error', `The CRM could not be reached for ${name}: ${reason}`, { cause: error });
    }
  }

  /** The decoded body of a successful answer; store_error for 4xx/5xx (404 named as not found). */
  private read(response: HttpResponse, name: HttpStoreOperationName, notFound?: string): unknown {
    if (response.status >= 400) {
      const http = errorForResponse(response, this.redact);
      if (response.status === 404 && notFound) throw new RelaisError('store_error', `${notFound} was not found in the CRM (${http.message}).`, { status: 404, body: http.body, cause: http });
      throw new RelaisError('store_error', `The CRM refused ${name}: ${http.message}`, { status: response.status, body: http.body, cause: http });
    }
    return decodeBody(response, { expectJson: true, htmlToText: false }, this.redact).data;
  }

  private names(perCall: { email_field?: string; phone_field?: string } = {}): ContactFieldNames {
    return contactFieldNames(this.options, perCall);
  }

  private async contactById(id: string, names = this.names()): Promise<Contact | undefined> {
    const response = await this.send('get_contact', { id });
    if (response.status === 404) return undefined;
    const data = this.read(response, 'get_contact');
    return contactFromRecord(singleResult(data, this.operations.get_contact.result_path), names, 'get_contact');
  }

  /** A tag/untag answer may be the contact, the tags or nothing: read the contact again unless it is there. */
  private async contactAfter(name: 'tag_contact' | 'untag_contact', id: string, tag: string): Promise<Contact> {
    const response = await this.send(name, { id, tag });
    const data = this.read(response, name, `Contact "${id}"`);
    const record = singleResult(data, this.operations[name].result_path);
    const names = this.names();
    if (record && typeof record === 'object' && (record as Record<string, unknown>)[names.id] !== undefined) return contactFromRecord(record, names, name);
    const contact = await this.contactById(id, names);
    if (!contact) throw new RelaisError('store_error', `Contact "${id}" was not found in the CRM.`);
    return contact;
  }

  async upsertContact(input: Parameters<ContactStore['upsertContact']>[0]) {
    const contact = normalizeContactInput(input);
    const names = this.names(contact);
    const body = contactBody(contact, names);
    const scope = { contact: body, email: contact.email ?? '', phone: contact.phone ?? '', first_name: contact.first_name ?? '', last_name: contact.last_name ?? '', fields: contact.fields };
    const response = await this.send('upsert_contact', scope);
    const data = this.read(response, 'upsert_contact');
    const created = data && typeof data === 'object' && typeof (data as Record<string, unknown>).created === 'boolean' ? ((data as Record<string, unknown>).created as boolean) : response.status === 201;
    return { contact: contactFromRecord(singleResult(data, this.operations.upsert_contact.result_path), names, 'upsert_contact'), created };
  }

  async findContacts(query: Parameters<ContactStore['findContacts']>[0] = {}) {
    const q = normalizeQuery(query);
    let contacts: Contact[];
    if (q.id !== undefined) {
      const one = await this.contactById(q.id);
      contacts = one ? [one] : [];
    } else {
      const response = await this.send('find_contacts', { id: '', email: q.email_key ?? '', phone: q.phone ?? '', tag: q.tag ?? '', limit: q.limit });
      const names = this.names();
      contacts = listResult(this.read(response, 'find_contacts'), this.operations.find_contacts.result_path, 'find_contacts').map((r) => contactFromRecord(r, names, 'find_contacts'));
    }
    return contacts.filter((c) => matches(c, q)).slice(0, q.limit);
  }

  async tagContact(contactId: string, tag: string) {
    const id = normalizeId(contactId, 'contact.id');
    return this.contactAfter('tag_contact', id, normalizeTag(tag));
  }

  async untagContact(contactId: string, tag: string) {
    const id = normalizeId(contactId, 'contact.id');
    return this.contactAfter('untag_contact', id, normalizeTag(tag));
  }

  async createTask(input: Parameters<ContactStore['createTask']>[0]): Promise<Task> {
    // A REST CRM has no delivery key to enforce: the key is not sent (the ledger is the guard there).
    const { delivery_key: _notSent, ...task } = normalizeTaskInput(input);
    const response = await this.send('create_task', { task: { ...task, status: 'open' }, ...task, contact_id: task.contact_id ?? '' });
    const data = this.read(response, 'create_task', task.contact_id ? `Contact "${task.contact_id}"` : undefined);
    return taskFromRecord(singleResult(data, this.operations.create_task.result_path), 'create_task');
  }

  async listTasks(query: Parameters<ContactStore['listTasks']>[0] = {}): Promise<Task[]> {
    const response = await this.send('list_tasks', { contact_id: query.contact_id ?? '', status: query.status ?? '', assignation: query.assignation ?? '' });
    const tasks = listResult(this.read(response, 'list_tasks'), this.operations.list_tasks.result_path, 'list_tasks').map((r) => taskFromRecord(r, 'list_tasks'));
    return tasks.filter(
      (t) =>
        (query.contact_id === undefined || t.contact_id === query.contact_id) &&
        (query.status === undefined || t.status === query.status) &&
        (query.assignation === undefined || t.assignation === query.assignation),
    );
  }

  async updateTask(taskId: string, patch: Parameters<ContactStore['updateTask']>[1]): Promise<Task> {
    const id = normalizeId(taskId, 'task.id');
    const changes = normalizeTaskPatch(patch);
    const response = await this.send('update_task', { id, patch: changes });
    return taskFromRecord(singleResult(this.read(response, 'update_task', `Task "${id}"`), this.operations.update_task.result_path), 'update_task');
  }

  /** The transport belongs to the runtime, which closes it. */
  async close(): Promise<void> {}
}

function matches(contact: Contact, q: NormalQuery): boolean {
  if (q.id !== undefined && contact.id !== q.id) return false;
  if (q.email_key !== undefined && contact.email?.toLowerCase() !== q.email_key) return false;
  if (q.phone !== undefined && contact.phone !== q.phone) return false;
  if (q.tag !== undefined && !contact.tags.includes(q.tag)) return false;
  return true;
}

export async function openHttpStore(options: HttpStoreOptions, http: HttpClient): Promise<ContactStore> {
  checkHttpStoreOptions(options);
  return new HttpStore(options, http);
}
