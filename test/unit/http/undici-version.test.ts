// Which undici the transport runs on in this jest project: `unit` uses the dependency (undici 7), the
// `undici8` project maps `undici` to the next major (jest.config.js, globals.UNDICI_MAJOR says which).
// Without this check a broken mapping would silently run the undici 8 job on undici 7.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

declare const UNDICI_MAJOR: number;

function packageVersionOf(modulePath: string): string {
  for (let dir = dirname(modulePath); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'undici') return pkg.version;
    }
  }
  throw new Error(`no undici package.json above ${modulePath}`);
}

describe('the undici the transport is tested on', () => {
  it('is the major this jest project means to test', () => {
    const version = packageVersionOf(require.resolve('undici'));
    expect(Number(version.split('.')[0])).toBe(UNDICI_MAJOR);
  });
});
