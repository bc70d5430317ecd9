// The release gate (scripts/check-release.mjs, run by .github/workflows/release.yml before npm publish):
// a tag, package.json and CHANGELOG.md that disagree stop the release; the repository's own files pass
// for their own version.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const script = join(root, 'scripts/check-release.mjs');

function check(tag: string, version: string, changelog: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'relais-release-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ version }));
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
  try {
    execFileSync(process.execPath, [script, tag, '--root', dir], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr) };
  }
}

const changelog = (version: string, body = '- A change.\n') => `# Changelog\n\n## [Unreleased]\n\n- Next.\n\n## [${version}] - 2026-12-05\n\n${body}\n## [0.0.1] - 2026-01-01\n\n- First.\n`;

describe('release gate', () => {
  it('passes when tag, package.json and the newest CHANGELOG section agree', () => {
    expect(check('v1.2.3', '1.2.3', changelog('1.2.3')).ok).toBe(true);
  });

  it.each([
    ['a tag that is not vX.Y.Z', 'release-1', '1.2.3', changelog('1.2.3'), /not of the form/],
    ['package.json behind the tag', 'v1.2.4', '1.2.3', changelog('1.2.4'), /package.json says 1.2.3/],
    ['a CHANGELOG without the version', 'v1.2.3', '1.2.3', changelog('1.2.2'), /newest release is 1.2.2/],
    ['an empty CHANGELOG section', 'v1.2.3', '1.2.3', changelog('1.2.3', 'Nothing.\n'), /lists no change/],
  ])('refuses %s', (_name, tag, version, text, reason) => {
    const result = check(tag, version, text);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(reason);
  });

  it("the repository's own CHANGELOG has a section for package.json's version", () => {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(() => execFileSync(process.execPath, [script, `v${version}`], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });
});
