// The n8n example workflows (examples/n8n/*.json) as a user gets them: imported into a real n8n 2.x with
// the packed package installed. Beyond "import:workflow succeeds" (n8n accepts almost any JSON), each
// node must be a type and version this n8n has loaded, every parameter a Relais node sets must be one
// the node declares (a renamed parameter would silently vanish in the editor), and every connection
// must join two nodes of the workflow.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createN8nHost, RELAIS_PACKAGE, type N8nHost } from '../../support/n8n';
import { relaisTarball } from '../../support/tarball';

jest.setTimeout(20 * 60_000); // the first run installs n8n (minutes); afterwards about 30 s

const examplesDir = join(__dirname, '../../../examples/n8n');

interface ExampleNode {
  name: string;
  type: string;
  typeVersion: number;
  parameters: Record<string, unknown>;
}

interface Example {
  file: string;
  name: string;
  nodes: ExampleNode[];
  connections: Record<string, Record<string, Array<Array<{ node: string; type: string }>>>>;
}

interface NodeTypeDescription {
  name: string;
  version: number | number[];
  properties: Array<{ name: string }>;
}

const examples: Example[] = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as Omit<Example, 'file'>) }));

describe('n8n example workflows', () => {
  let host: N8nHost;
  let types: NodeTypeDescription[];

  const typeOf = (node: ExampleNode): NodeTypeDescription | undefined =>
    types.find((t) => t.name === node.type && (Array.isArray(t.version) ? t.version.includes(node.typeVersion) : t.version === node.typeVersion));

  beforeAll(async () => {
    host = await createN8nHost({ tarball: relaisTarball() });
    const file = join(host.userFolder, 'nodes.json');
    const exported = await host.cli(['export:nodes', `--output=${file}`]);
    if (exported.code !== 0) throw new Error(`export:nodes failed:\n${exported.stdout}\n${exported.stderr}`);
    types = JSON.parse(readFileSync(file, 'utf8')) as NodeTypeDescription[];
  });

  afterAll(() => host?.dispose());

  it('ships the four documented examples (one made by relais import openapi)', () => {
    expect(examples.map((e) => e.file)).toEqual(['github-issues-imported-tools.json', 'order-status-agent-tool.json', 'verify-then-lookup.json', 'whatsapp-bridge.json']);
  });

  it('imports every example with n8n import:workflow', async () => {
    const imported = await host.cli(['import:workflow', '--separate', `--input=${examplesDir}`]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(new RegExp(`Successfully imported ${examples.length} workflows`));
    const listed = await host.cli(['list:workflow']);
    for (const example of examples) expect(listed.stdout).toContain(example.name);
  });

  it.each(examples.map((e) => [e.file, e] as const))('%s uses only node types and versions this n8n has loaded', (_file, example) => {
    const missing = example.nodes.filter((node) => !typeOf(node)).map((node) => `${node.name} (${node.type} v${node.typeVersion})`);
    expect(missing).toEqual([]);
  });

  it.each(examples.map((e) => [e.file, e] as const))('%s sets only parameters its Relais nodes declare', (_file, example) => {
    const unknown: string[] = [];
    for (const node of example.nodes.filter((n) => n.type.startsWith(`${RELAIS_PACKAGE}.`))) {
      const declared = new Set(typeOf(node)?.properties.map((p) => p.name));
      for (const name of Object.keys(node.parameters)) if (!declared.has(name)) unknown.push(`${node.name}.${name}`);
    }
    expect(unknown).toEqual([]);
  });

  it.each(examples.map((e) => [e.file, e] as const))('%s connects only nodes it contains, and every node is connected', (_file, example) => {
    const names = new Set(example.nodes.map((n) => n.name));
    const linked = new Set<string>();
    for (const [from, outputs] of Object.entries(example.connections)) {
      expect(names).toContain(from);
      linked.add(from);
      for (const targets of Object.values(outputs)) for (const target of targets.flat()) {
        expect(names).toContain(target.node);
        linked.add(target.node);
      }
    }
    expect([...names].filter((name) => !linked.has(name))).toEqual([]);
  });

  it('gives the agent its Relais HTTP Tool, with the variables the model fills', () => {
    const agent = examples.find((e) => e.file === 'order-status-agent-tool.json') as Example;
    const tool = agent.nodes.find((n) => n.type === `${RELAIS_PACKAGE}.relaisHttpTool`) as ExampleNode;
    expect(tool).toBeDefined();
    expect(agent.connections[tool.name].ai_tool[0][0].node).toBe('AI Agent');
    const variables = (tool.parameters.variables as { variable: Array<{ name: string; required: boolean }> }).variable;
    expect(variables.map((v) => [v.name, v.required])).toEqual([['order_number', true], ['include_items', false]]);
  });
});
