// The flows `npm start` deploys: every examples/*.json, pointed at the local stand-ins instead of the
// real services they name (the examples stay importable as they are: https URLs, no secrets).
//  - https://orders.example.com      → the local orders API (plain http on loopback, so those HTTP
//                                      actions get allow_http and allow_private_network);
//  - relais-agent-platform           → the local emulator (its URL, bot id and API key);
//  - relais-ai-provider              → the local OpenAI-compatible stand-in.
// Deployed nodes keep their example ids, so a restart replaces the demo and leaves the user's own tabs.
// CommonJS: the end-to-end suite deploys the same localised examples.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const EXAMPLE_ORDERS_URL = 'https://orders.example.com';

/** Every node of every examples/*.json, in file order. */
function readExamples(examplesDir) {
  return readdirSync(examplesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => JSON.parse(readFileSync(join(examplesDir, name), 'utf8')));
}

/**
 * The example nodes rewired to the local services.
 * `local` = {ordersUrl, aiUrl, emulatorUrl, botId, apiKey}.
 */
function localiseExamples(nodes, local) {
  return nodes.map((original) => {
    const node = structuredClone(original);
    if (node.type === 'relais-http-request' && typeof node.url === 'string' && node.url.startsWith(EXAMPLE_ORDERS_URL)) {
      node.url = local.ordersUrl + node.url.slice(EXAMPLE_ORDERS_URL.length);
      node.allow_http = true;
      node.allow_private_network = true;
    }
    if (node.type === 'relais-agent-platform') {
      Object.assign(node, { base_url: local.emulatorUrl, bot_id: local.botId, allow_private_network: true, credentials: { api_key: local.apiKey } });
    }
    // The demo's emulator posts to Node-RED on loopback without a secret: the explicit testing opt-in.
    if (node.type === 'relais-agent-events') node.allow_no_secret = true;
    if (node.type === 'relais-ai-provider') {
      Object.assign(node, { base_url: local.aiUrl, model: 'relais-local-stand-in', allow_private_network: true, credentials: { api_key: 'local-stand-in-key' } });
    }
    return node;
  });
}

/**
 * The deployed flows with the demo replaced by `demo`, the user's own nodes kept. A previous demo is
 * recognised by its node ids and by its tab labels (an older version may have used other ids); the
 * Relais config nodes only its nodes used go with it.
 */
function mergeDemo(deployed, demo) {
  const demoIds = new Set(demo.map((node) => node.id));
  const demoTabLabels = new Set(demo.filter((node) => node.type === 'tab').map((node) => node.label));
  const staleTabs = new Set(deployed.filter((node) => node.type === 'tab' && demoTabLabels.has(node.label)).map((node) => node.id));
  const isOldDemo = (node) => demoIds.has(node.id) || staleTabs.has(node.id) || staleTabs.has(node.z);
  const isRelaisConfig = (node) => !node.z && node.type !== 'tab' && node.type.startsWith('relais-');
  const strings = (nodes) => new Set(nodes.flatMap((node) => Object.values(node).filter((value) => typeof value === 'string')));
  const usedByOldDemo = strings(deployed.filter(isOldDemo));
  const orphaned = (node) => isRelaisConfig(node) && usedByOldDemo.has(node.id);
  const kept = deployed.filter((node) => !isOldDemo(node));
  const usedByKept = strings(kept.filter((node) => !orphaned(node)));
  return [...kept.filter((node) => !orphaned(node) || usedByKept.has(node.id)), ...demo];
}

module.exports = { EXAMPLE_ORDERS_URL, readExamples, localiseExamples, mergeDemo };
