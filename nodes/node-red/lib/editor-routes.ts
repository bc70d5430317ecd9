// The admin endpoints behind the "Import…" and "Test" buttons of the relais-http-request and
// relais-block edit dialogs (resources/relais-editor.js). Both sit on Node-RED's admin app, guarded by
// its own permissions (RED.auth.needsPermission), and run through the same core as the nodes:
//   POST <admin>/relais/import {source}  a cURL command → {kind: "curl", block, credential?, warnings};
//        an OpenAPI document (text) or URL → {kind: "openapi", blocks, credentials, warnings}. A URL is
//        fetched through the runtime's guarded transport with the network policy of settings.js.
//   POST <admin>/relais/test {action, values | block, credential, credential_name, send}
//        the block the dialog's current values make, with each variable's example (else default):
//        first the redacted preview (nothing sent); with send: true the live call's filtered result,
//        or the error with its fallback line. Every guard of the transport applies (SSRF, deadline, cap).
// A handler never throws: every failure is answered as JSON {error: {code, message, fallback, issues}}.
import { blockFromForm, hostError, toRelaisError } from '../../../src/adapter';
import { executeBlock, previewBlock } from '../../../src/actions';
import { parseBlock, type Block } from '../../../src/blocks';
import { importCurl } from '../../../src/import/curl';
import { importOpenApi } from '../../../src/import/openapi';
import { runtimeOptionsFor } from './config';
import { languageOf } from './input';
import type { NodeAPI } from './red';
import { leaseRuntime } from './runtimes';

/** The permission both endpoints need: the same as editing a relais-http-request node. */
export const EDITOR_PERMISSION = 'relais-http-request.write';

interface Request {
  body?: Record<string, unknown>;
}
interface Response {
  status(code: number): Response;
  json(value: unknown): void;
}

const registered = new WeakSet<object>();

function examples(block: Block): Record<string, unknown> {
  if (block.action_type !== 'http_request') return {};
  const values: Record<string, unknown> = {};
  for (const variable of block.data.parameters.variables) {
    if (variable.example !== undefined) values[variable.name] = variable.example;
  }
  return values;
}

export function registerEditorRoutes(RED: NodeAPI): void {
  const admin = RED.httpAdmin;
  if (!admin || !RED.auth || registered.has(admin)) return;
  registered.add(admin);
  const guard = RED.auth.needsPermission(EDITOR_PERMISSION);
  const language = languageOf(RED);

  const fail = (res: Response, error: unknown, operation: string, operationFr: string) => {
    const relais = toRelaisError(error, 'invalid_block', operation, operationFr);
    res.status(relais.code === 'invalid_block' || relais.code === 'invalid_variable' || relais.code === 'missing_variable' ? 400 : 502).json({ error: hostError(relais, language) });
  };

  admin.post('/relais/import', guard, (req: unknown, res: unknown) => {
    const { body = {} } = req as Request;
    const response = res as Response;
    void (async () => {
      const source = typeof body.source === 'string' ? body.source : '';
      if (/^\s*curl(\.exe)?\s/i.test(source)) {
        response.json({ kind: 'curl', ...importCurl(source) });
        return;
      }
      const lease = leaseRuntime(runtimeOptionsFor(RED, {}));
      try {
        response.json({ kind: 'openapi', ...(await importOpenApi(source, { runtime: lease.runtime })) });
      } finally {
        await lease.release();
      }
    })().catch((error: unknown) => fail(response, error, 'the import', "l'import"));
  });

  admin.post('/relais/test', guard, (req: unknown, res: unknown) => {
    const { body = {} } = req as Request;
    const response = res as Response;
    void (async () => {
      const authId = typeof body.credential === 'string' && body.credential !== '' && body.credential !== '_ADD_' ? body.credential : undefined;
      const options = runtimeOptionsFor(RED, { auth: authId });
      let block: Block;
      if (body.action === 'block') {
        const name = typeof body.credential_name === 'string' && body.credential_name.trim() ? body.credential_name.trim() : 'default';
        if (options.credentials && authId) options.credentials = { [name]: options.credentials[authId] };
        block = parseBlock(body.block);
      } else {
        const values = { ...((body.values ?? {}) as Record<string, unknown>) };
        // As the node does: the auth node's id names its credential; an undeployed or absent one is none.
        if (authId && options.credentials?.[authId]) values.credential = authId;
        else delete values.credential;
        block = blockFromForm('http_request', values);
      }
      const context = { variables: examples(block) };
      const lease = leaseRuntime(options);
      try {
        const preview = await previewBlock(block, context, lease.runtime);
        if (body.send !== true) {
          response.json({ preview });
          return;
        }
        try {
          const result = await executeBlock(block, context, lease.runtime);
          response.json({ preview, result: { data: result.data, meta: result.meta } });
        } catch (error) {
          response.json({ preview, error: hostError(toRelaisError(error, 'invalid_block', 'the test call', "l'appel de test"), language) });
        }
      } finally {
        await lease.release();
      }
    })().catch((error: unknown) => fail(response, error, 'the test', "l'appel de test"));
  });
}
