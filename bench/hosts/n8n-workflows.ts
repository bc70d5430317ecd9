// The n8n benchmark workflows: Manual Trigger → a Set node holding N orders → Split Out (one item per
// order) → the HTTP node under test, GET <server>/bench/orders/<n> with a bearer credential. No Code
// node, so no task runner is involved. Built with the e2e suite's workflow helpers.
import type { CredentialSpec, Workflow, WorkflowNode } from '../../test/support/n8n';
import { credentialRef, itemNode, manualTrigger, relaisNode, workflow } from '../../test/e2e/n8n/workflows';

export const N8N_BENCH_TOKEN = 'bench-n8n-bearer-token-93d1';
/** The node under test in every workflow (its run data is read by this name). */
export const NODE_UNDER_TEST = 'HTTP under test';

export const BENCH_CREDENTIALS: Record<'relais' | 'n8n', CredentialSpec> = {
  relais: { id: 'benchRelaisBearr', name: 'Bench token (Relais)', type: 'relaisBearerAuth', data: { token: N8N_BENCH_TOKEN, testUrl: '' } },
  n8n: { id: 'benchN8nBearer00', name: 'Bench token (n8n)', type: 'httpBearerAuth', data: { token: N8N_BENCH_TOKEN } },
};

export type N8nContender = keyof typeof BENCH_CREDENTIALS;

/** The order number of item `i`; the server answers with it as the order's id. */
export const orderNumber = (i: number): string => String(100000 + i);

function underTest(contender: N8nContender, origin: string): WorkflowNode {
  const credential = BENCH_CREDENTIALS[contender];
  if (contender === 'relais') {
    return relaisNode(
      NODE_UNDER_TEST,
      'relaisHttpRequest',
      {
        authentication: 'relaisBearerAuth',
        http_method: 'GET',
        url: `${origin}/bench/orders/{{order_number}}`,
        variables: { variable: [{ name: 'order_number', type: 'string', description: 'order number', example: '100001', required: true, default: '' }] },
        options: { allow_http: true, allow_private_network: true, timeout_seconds: 30 },
      },
      { credentials: { [credential.type]: credentialRef(credential) } },
    );
  }
  return {
    id: '00000000-0000-4000-9000-00000000b0b0',
    name: NODE_UNDER_TEST,
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    position: [0, 0],
    parameters: {
      method: 'GET',
      url: `=${origin}/bench/orders/{{ $json.order_number }}`,
      authentication: 'genericCredentialType',
      genericAuthType: 'httpBearerAuth',
      options: {},
    },
    credentials: { [credential.type]: credentialRef(credential) },
  };
}

/** Workflow id stem: e.g. benchRelais2000 → "benchRelais20000" (16 characters). */
export function benchWorkflowId(contender: N8nContender, items: number): string {
  return `bench${contender === 'relais' ? 'Relais' : 'N8n'}${items}`.padEnd(16, '0');
}

export function benchWorkflow(contender: N8nContender, items: number, origin: string): Workflow {
  const orders = Array.from({ length: items }, (_, i) => ({ order_number: orderNumber(i) }));
  const split: WorkflowNode = {
    id: `00000000-0000-4000-9000-${String(items).padStart(12, '0')}`,
    name: 'One item per order',
    type: 'n8n-nodes-base.splitOut',
    typeVersion: 1,
    position: [0, 0],
    parameters: { fieldToSplitOut: 'orders', options: {} },
  };
  return workflow(benchWorkflowId(contender, items), `Bench ${contender} ${items}`, [
    manualTrigger(),
    itemNode('Orders', { orders }),
    split,
    underTest(contender, origin),
  ]);
}
