// Host suites need programs that a machine with only Node and npm may not have (Debian's chromium,
// postgresql). Locally such a suite reports itself as not run with the command that installs what is
// missing; in CI (RELAIS_REQUIRE_ALL=1, set by .ci/run) a missing prerequisite is a failure.
import { existsSync, readdirSync } from 'node:fs';

export function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = `${base}/${version}/bin`;
    if (existsSync(`${bin}/postgres`) && existsSync(`${bin}/initdb`)) return bin;
  }
  return undefined;
}

export function findChromium(): string | undefined {
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
}

/**
 * `describe` when `available`, otherwise: in CI a failing test naming what to install; locally a
 * skipped block whose title says why and how to fix it.
 */
export function describeWhen(available: boolean, title: string, missing: string, body: () => void): void {
  if (available) {
    describe(title, body);
  } else if (process.env.RELAIS_REQUIRE_ALL === '1') {
    describe(title, () => {
      it('has its prerequisite', () => {
        throw new Error(`${title}: ${missing}`);
      });
    });
  } else {
    describe.skip(`${title} (not run here: ${missing})`, body);
  }
}
