// Lint rules: typescript-eslint for all TypeScript, and n8n's community-node rules for the n8n
// adapters, credentials and package.json. Only the n8n Cloud-verification rules are off: this package
// is for self-hosted n8n and needs runtime dependencies (undici's connection control for the SSRF
// guard, zod, handlebars) — see HOSTS.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const n8n = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;
const OUTBOUND = 'Outbound calls go through runtime.http (src/http/, the guarded transport: SSRF guard, deadline, size cap, redaction).';
const cloudOnlyRules = {
  '@n8n/community-nodes/no-runtime-dependencies': 'off',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.relais/**', '**/*.d.ts', 'bench/results/**'] },
  ...[js.configs.recommended, ...tseslint.configs.recommended].map((config) => ({ ...config, files: ['**/*.{ts,js,mjs,cjs}'] })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: ['resources/**'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', RED: 'readonly', $: 'readonly', document: 'readonly', window: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', exports: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The editor assets Node-RED serves to the browser (resources/, type-checked by tsconfig.editor.json):
    // browser scripts, not modules, with the editor's globals and nothing of Node's.
    files: ['resources/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', setTimeout: 'readonly', console: 'readonly', $: 'readonly', RED: 'readonly' },
    },
    rules: { 'no-undef': 'error', 'no-var': 'error', strict: ['error', 'function'] },
  },
  {
    // Every outbound call goes through runtime.http (src/http/, the guarded transport): another fetcher is
    // how every peer's SSRF guard was bypassed. Only src/http/ may reach undici, fetch or http(s).request.
    files: ['src/**/*.ts', 'nodes/**/*.ts', 'credentials/**/*.ts'],
    ignores: ['src/http/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: OUTBOUND }, { name: 'XMLHttpRequest', message: OUTBOUND }],
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'undici', message: OUTBOUND },
          { name: 'axios', message: OUTBOUND },
          { name: 'node-fetch', message: OUTBOUND },
          { name: 'got', message: OUTBOUND },
          ...['http', 'https', 'node:http', 'node:https', 'http2', 'node:http2'].map((name) => ({ name, importNames: ['default', 'request', 'get', 'connect', 'Agent', 'globalAgent'], message: OUTBOUND })),
          ...['net', 'node:net', 'tls', 'node:tls'].map((name) => ({ name, importNames: ['default', 'connect', 'createConnection', 'Socket'], message: OUTBOUND })),
        ],
      }],
    },
  },
  {
    files: ['nodes/n8n/**/*.ts', 'credentials/**/*.ts', 'package.json'],
    ...n8n,
    languageOptions: { parser: tseslint.parser },
    rules: { ...n8n.rules, ...cloudOnlyRules },
  },
  {
    // The Node-RED section maps node types to files; the config node type `relais-auth` (a public
    // contract name) reads as a secret to no-hardcoded-secrets. Nothing in package.json is a secret.
    files: ['package.json'],
    rules: { '@n8n/community-nodes/no-hardcoded-secrets': 'off' },
  },
);
