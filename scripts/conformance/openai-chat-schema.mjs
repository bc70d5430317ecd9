// Extracts, from OpenAI's published OpenAPI description (github.com/openai/openai-openapi, openapi.json),
// the chat completions request and response schemas with every schema they reference, as one JSON
// Schema document the conformance server in test/support/openai-server.ts validates against.
// Descriptions and examples are dropped (they are prose); nothing else is changed.
// Usage: node scripts/conformance/openai-chat-schema.mjs <openapi.json> <commit> > test/fixtures/providers/openai-chat-completions.schema.json
import { readFileSync } from 'node:fs';

const [file, commit] = process.argv.slice(2);
if (!file || !commit) {
  console.error('usage: openai-chat-schema.mjs <path to openai-openapi openapi.json> <commit of that file>');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(file, 'utf8'));
const all = spec.components.schemas;
const ROOTS = ['CreateChatCompletionRequest', 'CreateChatCompletionResponse'];
const PROSE = new Set(['description', 'example', 'examples', 'x-oaiMeta', 'title']);

const strip = (value) => {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (PROSE.has(key) && typeof inner !== 'object') continue;
    if (key === 'x-oaiMeta') continue;
    out[key] = key === '$ref' ? inner.replace('#/components/schemas/', '#/definitions/') : strip(inner);
  }
  return out;
};

const definitions = {};
const queue = [...ROOTS];
while (queue.length > 0) {
  const name = queue.pop();
  if (definitions[name]) continue;
  definitions[name] = strip(all[name]);
  for (const [, ref] of JSON.stringify(all[name]).matchAll(/#\/components\/schemas\/([A-Za-z0-9_.-]+)/g)) queue.push(ref);
}
const sorted = Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]]));
process.stdout.write(
  `${JSON.stringify({ $comment: `From github.com/openai/openai-openapi openapi.json at ${commit} (MIT, (c) OpenAI), components.schemas reachable from ${ROOTS.join(' and ')}; prose removed by scripts/conformance/openai-chat-schema.mjs.`, definitions: sorted }, null, 1)}\n`,
);
