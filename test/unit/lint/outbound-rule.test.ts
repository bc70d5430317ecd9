// The lint rule that keeps every outbound call on runtime.http (eslint.config.mjs): a new fetcher
// outside src/http/ is how every peer's SSRF guard was bypassed. The rule is proven on the project's
// own ESLint configuration (run in a child process: the flat config is an ES module, which jest's VM
// cannot import): the ways to reach the network are refused outside src/http/, allowed inside.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

const CASES = {
  fetch: "export const f = () => fetch('https://example.com');\n",
  undici: "import { request } from 'undici';\nexport const f = () => request('https://example.com');\n",
  httpRequest: "import * as http from 'node:http';\nexport const f = () => http.request('http://example.com');\n",
  httpsGet: "import { get } from 'node:https';\nexport const f = () => get('https://example.com');\n",
  socket: "import { connect } from 'node:net';\nexport const f = () => connect(80, 'example.com');\n",
  httpDefault: "import http from 'node:http';\nexport const f = () => http.request('http://example.com');\n",
  server: "import { createServer } from 'node:http';\nexport const s = createServer();\n",
  runtimeHttp: "export const f = (runtime: { http: { request(r: unknown): unknown } }) => { const http = runtime.http; return http.request({}); };\n",
};
type CaseName = keyof typeof CASES;
const FILES = ['src/actions/new-feature.ts', 'nodes/node-red/lib/new-feature.ts', 'src/http/new-part.ts', 'src/mcp/server.ts'] as const;

/** Rule ids per file per case, from one ESLint run over every (file, case) pair. */
function lintAll(): Record<string, Record<string, string[]>> {
  const script = `
    import { ESLint } from 'eslint';
    const { cases, files } = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = {};
    for (const file of files) {
      out[file] = {};
      for (const [name, code] of Object.entries(cases)) {
        const [result] = await eslint.lintText(code, { filePath: process.cwd() + '/' + file });
        out[file][name] = result.messages.map((m) => m.ruleId ?? m.message);
      }
    }
    process.stdout.write(JSON.stringify(out));`;
  const text = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify({ cases: CASES, files: FILES })], { cwd: root, encoding: 'utf8' });
  return JSON.parse(text) as Record<string, Record<string, string[]>>;
}

describe('outbound calls only through src/http', () => {
  const results = lintAll();
  const refused: Array<[CaseName, string]> = [
    ['fetch', 'no-restricted-globals'],
    ['undici', 'no-restricted-imports'],
    ['httpRequest', 'no-restricted-imports'],
    ['httpDefault', 'no-restricted-imports'],
    ['httpsGet', 'no-restricted-imports'],
    ['socket', 'no-restricted-imports'],
  ];

  it.each(refused)('refuses %s in the core and the host adapters (%s)', (name, rule) => {
    expect(results['src/actions/new-feature.ts'][name]).toContain(rule);
    expect(results['nodes/node-red/lib/new-feature.ts'][name]).toContain(rule);
  });

  it('allows them inside src/http/ (the guarded transport itself), and a server anywhere', () => {
    for (const [name] of refused) expect(results['src/http/new-part.ts'][name]).toEqual([]);
    expect(results['src/mcp/server.ts'].server).toEqual([]);
  });

  it('allows the guarded transport itself wherever it is called (runtime.http, even named http)', () => {
    expect(results['src/actions/new-feature.ts'].runtimeHttp).toEqual([]);
  });
});
