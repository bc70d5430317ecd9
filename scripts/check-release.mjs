// Before a release is published: the tag (vX.Y.Z), package.json's version and CHANGELOG.md's newest
// released section must say the same version, and that section must not be empty.
// Usage: node scripts/check-release.mjs v0.2.0 [--root DIR]   (exit 1 with the reason when they disagree)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function releaseProblems(tag, packageJson, changelog) {
  const problems = [];
  const match = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(tag ?? '');
  if (!match) return [`the tag "${tag}" is not of the form vX.Y.Z`];
  const version = match[1];
  if (packageJson.version !== version) problems.push(`package.json says ${packageJson.version}, the tag says ${version}`);
  const sections = [...changelog.matchAll(/^## \[([^\]]+)\][^\n]*\n([\s\S]*?)(?=^## \[|(?![\s\S]))/gm)];
  const released = sections.find(([, name]) => name.toLowerCase() !== 'unreleased');
  if (!released) problems.push('CHANGELOG.md has no released section (## [X.Y.Z] - date)');
  else if (released[1] !== version) problems.push(`CHANGELOG.md's newest release is ${released[1]}, the tag says ${version}`);
  else if (!/^\s*[-*] /m.test(released[2])) problems.push(`CHANGELOG.md's section ${version} lists no change`);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? args[rootAt + 1] : join(dirname(fileURLToPath(import.meta.url)), '..');
  const tag = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--root');
  const problems = releaseProblems(tag, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')), readFileSync(join(root, 'CHANGELOG.md'), 'utf8'));
  for (const problem of problems) console.error(`check-release: ${problem}`);
  process.exit(problems.length === 0 ? 0 : 1);
}
