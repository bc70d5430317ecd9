// The packed tarball is what users install: it must hold the compiled core and nothing of the sources.
import { execFileSync } from 'node:child_process';
import { relaisTarball } from '../support/tarball';

describe('npm pack', () => {
  it('packs dist/ with the compiled core and no TypeScript sources', () => {
    const tarball = relaisTarball();
    expect(tarball).toBeTruthy();
    const listing = execFileSync('tar', ['-tzf', tarball as string], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/dist/src/index.js');
    expect(listing).toContain('package/dist/src/index.d.ts');
    // The Node-RED editor's code, served from the package's resources/ folder.
    expect(listing).toContain('package/resources/relais-form.js');
    expect(listing).toContain('package/resources/relais-editor.js');
    expect(listing.some((f) => /^package\/(src|test|bench)\//.test(f))).toBe(false);
    expect(listing.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
  });
});
