// Three projects: fast unit/integration tests against loopback servers; the transport's tests again on
// the next undici major (the `undici8` devDependency, an npm alias of undici 8, mapped in place of
// undici) so that upgrading is a version bump; and end-to-end suites that start real hosts (Node-RED,
// n8n, Chromium). scripts/test.mjs runs them and totals the results.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globals: { UNDICI_MAJOR: 7 },
    },
    {
      displayName: 'undici8',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit/http', '<rootDir>/test/unit/actions'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: { '^undici$': '<rootDir>/node_modules/undici8' },
      globals: { UNDICI_MAJOR: 8 },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
  ],
};
