// A small in-memory REST CRM on 127.0.0.1 for the http contact-store backend, answering the backend's
// default operations (docs/store.md) the way a real CRM would: bearer auth, upsert matching by email
// (any case) then phone, 409 when a phone belongs to another contact, 404 for unknown ids, lists as
// {contacts: [...]} and tasks as a bare array (both shapes the backend must read). Records requests.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Row = Record<string, unknown> & { id: string; tags: string[] };

export interface CrmServer {
  baseUrl: string;
  host: string;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: unknown }>;
  contacts: Map<string, Row>;
  tasks: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startCrmServer(options: { token: string; emailField?: string; phoneField?: string }): Promise<CrmServer> {
  const emailField = options.emailField ?? 'email';
  const phoneField = options.phoneField ?? 'phone';
  const contacts = new Map<string, Row>();
  const tasks = new Map<string, Record<string, unknown>>();
  const requests: CrmServer['requests'] = [];
  const emailOf = (row: Row) => (typeof row[emailField] === 'string' ? (row[emailField] as string).toLowerCase() : undefined);
  const view = (row: Row) => ({ ...row, tags: [...row.tags] });

  function handle(method: string, url: URL, body: Record<string, unknown>, res: ServerResponse): void {
    const parts = url.pathname.replace(/^\/api(?=\/)/, '').split('/').filter(Boolean).map(decodeURIComponent);
    const now = new Date().toISOString();
    if (method === 'POST' && parts.join('/') === 'contacts/upsert') {
      const email = typeof body[emailField] === 'string' ? (body[emailField] as string).toLowerCase() : undefined;
      const phone = body[phoneField] as string | undefined;
      let row = email ? [...contacts.values()].find((c) => emailOf(c) === email) : undefined;
      if (!row && phone) row = [...contacts.values()].find((c) => c[phoneField] === phone);
      if (row && phone && row[phoneField] !== phone) {
        const owner = [...contacts.values()].find((c) => c[phoneField] === phone && c.id !== row!.id);
        if (owner) return send(res, 409, { error: { message: `phone ${phone} already belongs to contact ${owner.id}` } });
      }
      const values = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '' && v !== null && v !== undefined));
      if (row) {
        Object.assign(row, values, { updated_at: now });
        return send(res, 200, { created: false, contact: view(row) });
      }
      row = { ...values, id: randomUUID(), tags: [], created_at: now, updated_at: now };
      contacts.set(row.id, row);
      return send(res, 201, { created: true, contact: view(row) });
    }
    if (method === 'GET' && parts.length === 1 && parts[0] === 'contacts') {
      const q = url.searchParams;
      const limit = Number(q.get('limit') ?? 100);
      const found = [...contacts.values()].filter(
        (c) =>
          (!q.get('email') || emailOf(c) === q.get('email')!.toLowerCase()) &&
          (!q.get('phone') || c[phoneField] === q.get('phone')) &&
          (!q.get('tag') || c.tags.includes(q.get('tag')!)),
      );
      return send(res, 200, { contacts: found.slice(0, limit).map(view), total: found.length });
    }
    if (parts[0] === 'contacts' && parts[1]) {
      const row = contacts.get(parts[1]);
      if (!row) return send(res, 404, { error: { message: `no contact ${parts[1]}` } });
      if (method === 'GET' && parts.length === 2) return send(res, 200, view(row));
      if (method === 'POST' && parts[2] === 'tags' && parts.length === 3) {
        if (typeof body.tag !== 'string' || body.tag === '') return send(res, 422, { error: { message: 'tag is required' } });
        if (!row.tags.includes(body.tag)) row.tags.push(body.tag);
        row.updated_at = now;
        return send(res, 200, view(row));
      }
      if (method === 'DELETE' && parts[2] === 'tags' && parts[3]) {
        row.tags = row.tags.filter((t) => t !== parts[3]);
        // A bare 204, as many APIs answer a DELETE: the backend must read the contact again.
        return send(res, 204);
      }
    }
    if (method === 'POST' && parts.join('/') === 'tasks') {
      if (body.contact_id && !contacts.has(String(body.contact_id))) return send(res, 404, { error: { message: `no contact ${body.contact_id}` } });
      const task = { ...body, id: randomUUID(), status: 'open', created_at: now, updated_at: now };
      tasks.set(task.id, task);
      return send(res, 201, { task });
    }
    if (method === 'GET' && parts.join('/') === 'tasks') {
      const q = url.searchParams;
      return send(res, 200, [...tasks.values()].filter((t) => ['contact_id', 'status', 'assignation'].every((k) => !q.get(k) || t[k] === q.get(k))));
    }
    if (method === 'PATCH' && parts[0] === 'tasks' && parts[1]) {
      const task = tasks.get(parts[1]);
      if (!task) return send(res, 404, { error: { message: `no task ${parts[1]}` } });
      Object.assign(task, body, { updated_at: now });
      return send(res, 200, { task });
    }
    send(res, 404, { error: { message: `no route ${method} ${url.pathname}` } });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(res, 400, { error: { message: 'invalid JSON' } });
        }
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        return send(res, 401, { error: { message: `invalid token ${String(req.headers.authorization ?? '').replace('Bearer ', '')}` } });
      }
      handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://crm.local'), body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    host: `127.0.0.1:${port}`,
    requests,
    contacts,
    tasks,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
