// A stand-in for n8n's webhook server around one workflow "Relais Agent Trigger → … → (Relais Respond
// to Agent)", on a real loopback port, following what n8n 2.x does (packages/cli webhook-helpers
// executeWebhook with responseMode "responseNode"): the raw body is kept as `req.rawBody`, the
// trigger's webhook() runs, a returned workflowData starts the workflow, `noWebhookResponse` means the
// node answered itself, and a Respond node's sendResponse() answers the pending request — or, when
// the workflow ends without one, n8n answers an empty 200 (500 {"message": "Error in workflow"} when it failed). n8n itself is tested in test/e2e/n8n.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, IExecuteResponsePromiseData, INodeExecutionData } from 'n8n-workflow';
import { RelaisAgentTrigger } from '../../../nodes/n8n/RelaisAgentTrigger/RelaisAgentTrigger.node';
import { webhookContext, type FakeNodeOptions } from '../../support/n8n-context';

/** The rest of the workflow: gets the trigger's items and n8n's sendResponse for this request. */
export type Workflow = (items: INodeExecutionData[], sendResponse: (response: IExecuteResponsePromiseData) => Promise<void>) => Promise<void>;

export interface WebhookHost {
  url: string;
  /** Items each workflow run started with. */
  runs: INodeExecutionData[][];
  /** sendResponse calls that came after the request was already answered (must stay 0). */
  lateResponses: number;
  /** Resolves when every started workflow run has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookHost(trigger: FakeNodeOptions, workflow: Workflow): Promise<WebhookHost> {
  const node = new RelaisAgentTrigger();
  const running = new Set<Promise<void>>();
  const host: WebhookHost = {
    url: '',
    runs: [],
    lateResponses: 0,
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    close: async () => undefined,
  };

  const answer = (res: ServerResponse, response: IExecuteResponsePromiseData) => {
    const full = response as { body?: unknown; statusCode?: number; headers?: Record<string, string> };
    res.statusCode = full.statusCode ?? 200;
    for (const [name, value] of Object.entries(full.headers ?? {})) res.setHeader(name, value);
    res.end(typeof full.body === 'string' ? full.body : JSON.stringify(full.body ?? {}));
  };

  const handle = async (req: IncomingMessage & { body?: unknown; rawBody?: Buffer; path?: string }, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    req.rawBody = Buffer.concat(chunks);
    try {
      req.body = JSON.parse(req.rawBody.toString('utf8')) as IDataObject;
    } catch {
      req.body = {};
    }
    req.path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const { context } = webhookContext({ req, res }, trigger);
    const result = await node.webhook.call(context);
    if (!result.workflowData) return;
    const items = result.workflowData[0];
    host.runs.push(items);
    const sendResponse = async (response: IExecuteResponsePromiseData) => {
      if (res.headersSent || result.noWebhookResponse) {
        host.lateResponses += 1;
        return;
      }
      answer(res, response);
    };
    const run = workflow(items, sendResponse).then(
      () => {
        // Workflow ended without a response node answering: n8n answers an empty 200.
        if (!res.headersSent && !result.noWebhookResponse) answer(res, { body: '', statusCode: 200 });
      },
      () => {
        // Workflow failed before a response was sent: n8n answers 500 unless the node kept the request.
        if (!res.headersSent && !result.noWebhookResponse) answer(res, { body: { message: 'Error in workflow' }, statusCode: 500 });
      },
    ).finally(() => running.delete(run));
    running.add(run);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  host.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return host;
}
