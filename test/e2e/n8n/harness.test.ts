// The harness itself, with n8n's own nodes only: a cached real n8n 2.x imports a workflow and runs it
// with `n8n execute`, and the run data comes back parsed. If this fails, the Relais suites cannot pass.
import { createN8nHost, nodeItems, type N8nHost, type Workflow } from '../../support/n8n';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); later runs take seconds

const workflow: Workflow = {
  id: 'relaisHarnessCheck1',
  name: 'Harness check',
  nodes: [
    { id: 'a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: 'a2',
      name: 'Set',
      type: 'n8n-nodes-base.set',
      typeVersion: 3.4,
      position: [220, 0],
      parameters: {
        mode: 'manual',
        assignments: { assignments: [
          { id: 'g', name: 'greeting', value: 'bonjour', type: 'string' },
          { id: 'n', name: 'sum', value: '={{ 20 + 22 }}', type: 'number' },
        ] },
        options: {},
      },
    },
  ],
  connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
  settings: { executionOrder: 'v1' },
};

describe('n8n harness (n8n nodes only)', () => {
  let host: N8nHost;

  beforeAll(async () => {
    host = await createN8nHost({ tarball: false });
    await host.importWorkflows([workflow]);
  });

  afterAll(() => host?.dispose());

  it('imports a workflow and runs it with n8n execute', async () => {
    const result = await host.execute(workflow.id);
    if (!result.ok) throw new Error(`n8n execute failed (exit ${result.code}):\n${result.output}`);
    expect(result.run?.status).toBe('success');
    expect(nodeItems(result.run!, 'Set')).toEqual([{ greeting: 'bonjour', sum: 42 }]);
  });

  it('reports a workflow that does not exist as a failed command', async () => {
    const result = await host.execute('doesNotExist000');
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/doesNotExist000|not find|not found/i);
  });
});
