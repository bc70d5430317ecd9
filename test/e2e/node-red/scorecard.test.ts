// The Flow Library scorecard (`node-red-dev validate`) on exactly what users install: the packed
// tarball, unpacked. scripts/validate-node-red.mjs answers the one catalogue request locally when
// catalogue.nodered.org is unreachable; the npm registry checks run for real.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relaisTarball } from '../../support/tarball';

interface Check {
  code: string;
  name: string;
  ran: boolean;
  passed: boolean;
  notes: string[];
}

describe('node-red-dev validate (Flow Library scorecard)', () => {
  let dir: string;
  let report: { catalogue: string; checks: Check[]; scorecard: { N02?: { nodes?: string[] } } };
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'relais-scorecard-'));
    execFileSync('tar', ['-xzf', relaisTarball(), '-C', dir]);
    const root = join(__dirname, '../../..');
    run = spawnSync(process.execPath, [join(root, 'scripts/validate-node-red.mjs'), join(dir, 'package'), '--json', join(dir, 'scorecard.json')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    report = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
  }, 150_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every check', () => {
    expect(report.checks.map((c) => c.code)).toEqual(['P01', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'N01', 'N02', 'D01', 'D02', 'D03']);
    expect(report.checks.filter((c) => !c.ran).map((c) => c.code)).toEqual([]);
  });

  it('found an example for each of the ten non-config node types', () => {
    expect([...(report.scorecard.N02?.nodes ?? [])].sort()).toEqual(
      ['relais-agent-events', 'relais-agent-reply', 'relais-ai-reply', 'relais-block', 'relais-conversation', 'relais-crm-upsert', 'relais-http-request', 'relais-mcp-server', 'relais-sales-task', 'relais-tag-contact'],
    );
  });

  it('has no failure', () => {
    const failed = report.checks.filter((c) => !c.passed).map((c) => `${c.code} ${c.name} ${c.notes.join('; ')}`);
    expect(failed).toEqual([]);
    expect(run.status).toBe(0);
  });
});
