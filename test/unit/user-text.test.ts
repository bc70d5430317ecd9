// User-visible text speaks of the product (actions, blocks, variables), never of the internal design
// documents ("seed 001/002"): users have no seeds. This reads every text a user can see — n8n node and
// credential descriptions, Node-RED catalogues, help and editor scripts, the action definitions both
// hosts' forms are built from, example flows, the docs and README, and the core's error messages — and
// fails on any mention.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ACTION_DEFINITIONS, parseBlock } from '../../src';

const root = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
const SEED = /\bseeds?\b/i;

/** dist/nodes/n8n/X/X.node.js → nodes/n8n/X/X.node.ts, loaded through ts-jest. */
function sourceModule(distPath: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(root, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'))) as Record<string, unknown>;
}

function describedTexts(distPath: string): string {
  const texts: string[] = [];
  for (const exported of Object.values(sourceModule(distPath))) {
    if (typeof exported !== 'function') continue;
    const instance = new (exported as new () => { description?: unknown; properties?: unknown; displayName?: unknown })();
    texts.push(JSON.stringify({ description: instance.description, properties: instance.properties, displayName: instance.displayName }));
  }
  return texts.join('\n');
}

function filesUnder(dir: string, endings: string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, endings));
    else if (endings.some((ending) => name.endsWith(ending))) found.push(path);
  }
  return found;
}

describe('no user-visible text mentions the design seeds', () => {
  it.each([...pkg.n8n.nodes, ...pkg.n8n.credentials])('%s', (distPath) => {
    const text = describedTexts(distPath);
    expect(text.length).toBeGreaterThan(50);
    expect(text).not.toMatch(SEED);
  });

  const visibleFiles = [
    ...filesUnder(join(root, 'nodes/node-red'), ['.json', '.html']),
    ...filesUnder(join(root, 'examples'), ['.json']),
    ...filesUnder(join(root, 'docs'), ['.md']),
    ...filesUnder(join(root, 'resources'), ['.js']),
    join(root, 'README.md'),
  ];
  it.each(visibleFiles.map((path) => relative(root, path)))('%s', (path) => {
    expect(readFileSync(join(root, path), 'utf8')).not.toMatch(SEED);
  });

  it('the action definitions (labels, help, options) that both hosts build their forms from', () => {
    expect(JSON.stringify(ACTION_DEFINITIONS)).not.toMatch(SEED);
  });

  it('the message of a block that is not JSON', () => {
    let message = '';
    try {
      parseBlock('not json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/block/);
    expect(message).not.toMatch(SEED);
  });
});
