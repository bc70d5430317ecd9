// Every RelaisError a Node-RED user can see carries its message in French: this reads the source of
// src/ and nodes/node-red/ and fails on any `new RelaisError(…)` whose options give no `fr`, so a new
// site cannot forget it. Helpers that build errors from a message they are given take the French as a
// parameter too, so the type checker makes their callers give it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SCANNED = ['src', 'nodes/node-red'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Site {
  where: string;
  french: boolean;
}

function givesFrench(options: ts.Expression | undefined): boolean {
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some(
    (property) => (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && ts.isIdentifier(property.name) && property.name.text === 'fr',
  );
}

function sitesIn(path: string): Site[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const sites: Site[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RelaisError') {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      sites.push({ where: `${relative(ROOT, path)}:${line}`, french: givesFrench(node.arguments?.[2]) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

const sites = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap(sitesIn);

describe('French error messages', () => {
  it('finds the RelaisError sites of the core and the Node-RED nodes', () => {
    // A scan that finds nothing proves nothing: the core has well over a hundred sites.
    expect(sites.length).toBeGreaterThan(120);
  });

  it('every `new RelaisError(…)` gives its French message (options.fr)', () => {
    expect(sites.filter((site) => !site.french).map((site) => site.where)).toEqual([]);
  });
});
