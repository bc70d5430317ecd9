// The files Node-RED's editor loads, as built: for each of the 14 node types a .js, a .html whose
// registerType call is literal (the Flow Library scorecard's rule), en-US and fr catalogues with the
// same keys, help with Inputs / Outputs / Details, every data-i18n key resolvable in both languages,
// and the action forms generated from the one definition per action in src/blocks: data only, their
// code being the editor assets in resources/ (the .html's script files, run here before its own
// script, as Node-RED does). (The test helper's RED._ returns raw keys, so the catalogues are checked
// here, directly.)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createContext, Script } from 'node:vm';
import type { EditorForm } from '../../../nodes/node-red/lib/editor-form-types';
import { distModule, nodeRedDist, requireDist } from './support/build';

jest.setTimeout(120_000);

type Catalogue = Record<string, unknown>;
const ROOT = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; 'node-red': { version: string; nodes: Record<string, string> } };
const CONFIG_TYPES = ['relais-auth', 'relais-agent-platform', 'relais-ai-provider', 'relais-contact-store'];
const ACTION_TYPES: Record<string, string> = {
  'relais-sales-task': 'sales_task',
  'relais-http-request': 'http_request',
  'relais-crm-upsert': 'crm_upsert',
  'relais-ai-reply': 'ai_reply',
  'relais-tag-contact': 'tag_contact',
};
const ALL_TYPES = [...Object.keys(ACTION_TYPES), 'relais-block', 'relais-conversation', 'relais-agent-events', 'relais-agent-reply', 'relais-mcp-server', ...CONFIG_TYPES];

let dist: string;
beforeAll(() => {
  dist = nodeRedDist();
});

const fileOf = (type: string) => join(dist, '..', pkg['node-red'].nodes[type]);
const htmlOf = (type: string) => readFileSync(fileOf(type).replace(/\.js$/, '.html'), 'utf8');
const localeFile = (type: string, language: string, ext: 'json' | 'html') => join(dirname(fileOf(type)), 'locales', language, `${type}.${ext}`);
const catalogue = (type: string, language: string) => JSON.parse(readFileSync(localeFile(type, language, 'json'), 'utf8')) as Catalogue;

function lookup(cat: Catalogue, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Catalogue)[part] : undefined), cat);
}

function keysOf(value: unknown, prefix = ''): string[] {
  if (!value || typeof value !== 'object') return [prefix];
  return Object.entries(value as Catalogue).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

/** The editor assets (resources/) a .html loads: `<script src="resources/<package>/<file>">`. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/<script type="text\/javascript" src="resources\/([^"]+)"><\/script>/g)].map(([, src]) => {
    expect(src.startsWith(`${pkg.name}/`)).toBe(true);
    return readFileSync(join(ROOT, 'resources', src.slice(pkg.name.length + 1)), 'utf8');
  });
}

/** Every literal i18n key the editor file and its assets ask for: data-i18n attributes and this._('…') / node._('…') calls. */
function usedKeys(html: string): string[] {
  const keys = new Set<string>();
  for (const [, attr] of html.matchAll(/data-i18n="([^"]+)"/g)) {
    for (const part of attr.split(';')) keys.add(part.replace(/^\[[^\]]+\]/, ''));
  }
  for (const code of [html, ...assetsOf(html)]) {
    for (const [, key] of code.matchAll(/\._\(\s*["']([\w.-]+)["']\s*[,)]/g)) keys.add(key);
  }
  return [...keys];
}

interface Registered {
  type: string;
  definition: { defaults: Record<string, unknown>; credentials?: Record<string, unknown>; relaisForm?: EditorForm } & Record<string, unknown>;
}

/** Runs the .html's script files, then its one inline script, in one browser-like global; returns what it registered. */
function register(html: string): Registered[] {
  const scripts = [...html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  expect(scripts).toHaveLength(1);
  const registered: Registered[] = [];
  const RED = {
    nodes: { registerType: (t: string, definition: never) => registered.push({ type: t, definition }) },
    validators: { number: () => () => true, regex: () => () => true, typedInput: () => () => true },
  };
  const browser: Record<string, unknown> = { RED, $: () => undefined };
  browser.window = browser;
  const context = createContext(browser);
  for (const asset of assetsOf(html)) new Script(asset).runInContext(context);
  new Script(scripts[0]).runInContext(context);
  return registered;
}

describe('package.json "node-red"', () => {
  it('declares the 14 node types, for Node-RED 4 and 5, each pointing at a built file', () => {
    expect(pkg['node-red'].version).toBe('>=4.0.0');
    expect(Object.keys(pkg['node-red'].nodes).sort()).toEqual([...ALL_TYPES].sort());
    for (const type of ALL_TYPES) expect(existsSync(fileOf(type))).toBe(true);
    expect(existsSync(join(dist, 'nodes/node-red/icons/relais.svg'))).toBe(true);
  });
});

describe.each(ALL_TYPES)('%s editor files', (type) => {
  const isConfig = CONFIG_TYPES.includes(type);

  it('registers the type with a literal call (category, colour, icon, inputs, outputs)', () => {
    const html = htmlOf(type);
    const call = new RegExp(`RED\\.nodes\\.registerType\\(\\s*["']${type}["']\\s*,\\s*\\{`);
    expect(html).toMatch(call);
    expect(html).toContain(`data-template-name="${type}"`);
    if (isConfig) {
      expect(html).toMatch(/category:\s*["']config["']/);
    } else {
      expect(html).toMatch(/category:\s*["']Relais["']/);
      expect(html).toMatch(/color:\s*["']#[0-9A-Fa-f]{6}["']/);
      expect(html).toMatch(/icon:\s*["']relais\.svg["']/);
      expect(html).toMatch(/inputs:\s*[01],/);
      expect(html).toMatch(/outputs:\s*[0-2],/);
    }
  });

  it('runs its editor script, and every form input is a declared property or credential', () => {
    const html = htmlOf(type);
    const registered = register(html);
    expect(registered.map((r) => r.type)).toEqual([type]);
    const { defaults, credentials = {} } = registered[0].definition;
    const prefix = isConfig ? 'node-config-input-' : 'node-input-';
    const inputs = [...html.matchAll(new RegExp(`id="${prefix}([\\w-]+)"`, 'g'))].map((m) => m[1]).filter((id) => id !== 'variables-list');
    expect(inputs.length).toBeGreaterThan(0);
    const undeclared = inputs.filter((id) => !(id in defaults) && !(id in credentials));
    expect(undeclared).toEqual([]);
  });

  it('has en-US and fr catalogues with the same keys, in French for fr', () => {
    const en = catalogue(type, 'en-US');
    const fr = catalogue(type, 'fr');
    expect(keysOf(fr).sort()).toEqual(keysOf(en).sort());
    expect(lookup(fr, `${type}.paletteLabel`)).toEqual(expect.any(String));
    expect(lookup(fr, 'relais.status.requesting')).toBe('requête…');
    expect(lookup(en, 'relais.status.requesting')).toBe('requesting…');
  });

  it('resolves every key its editor form asks for, in both languages', () => {
    const used = usedKeys(htmlOf(type));
    expect(used.length).toBeGreaterThan(0);
    for (const language of ['en-US', 'fr']) {
      const cat = catalogue(type, language);
      const missing = used.filter((key) => typeof lookup(cat, key) !== 'string');
      expect({ language, missing }).toEqual({ language, missing: [] });
    }
  });

  it('has help in both languages, with Inputs / Outputs / Details for flow nodes', () => {
    const en = readFileSync(localeFile(type, 'en-US', 'html'), 'utf8');
    const fr = readFileSync(localeFile(type, 'fr', 'html'), 'utf8');
    for (const help of [en, fr]) expect(help).toContain(`data-help-name="${type}"`);
    if (!isConfig) {
      for (const heading of ['Inputs', 'Outputs', 'Details']) expect(en).toContain(`<h3>${heading}</h3>`);
      for (const heading of ['Entrées', 'Sorties', 'Détails']) expect(fr).toContain(`<h3>${heading}</h3>`);
    }
    expect(fr).not.toEqual(en);
  });
});

describe('action forms generated from src/blocks', () => {
  it.each(Object.entries(ACTION_TYPES))('%s: every field is in the form and the defaults, labelled from its definition', (type, actionType) => {
    const { ACTION_DEFINITIONS } = requireDist<{ ACTION_DEFINITIONS: Record<string, { fields: Array<{ name: string; kind: string; label: { en: string; fr: string }; default?: unknown }> }> }>('src/blocks/index');
    const html = htmlOf(type);
    const fr = catalogue(type, 'fr');
    const en = catalogue(type, 'en-US');
    for (const field of ACTION_DEFINITIONS[actionType].fields) {
      expect(lookup(fr, `${type}.fields.${field.name}.label`)).toBe(field.label.fr);
      expect(lookup(en, `${type}.fields.${field.name}.label`)).toBe(field.label.en);
      if (field.kind === 'filter' || field.kind === 'retry') {
        expect(html).toContain(`id="node-input-${field.name}_`);
      } else if (field.kind === 'variables') {
        expect(html).toContain('id="node-input-variables-list"');
      } else {
        expect(html).toContain(`id="node-input-${field.name}"`);
        expect(html).toContain(`"${field.name}":{"value":`);
      }
    }
  });

  it('carries the core fallback lines in both languages', () => {
    const { FALLBACK_LINES } = requireDist<{ FALLBACK_LINES: Record<string, { en: string; fr: string }> }>('src/errors');
    const fr = catalogue('relais-http-request', 'fr');
    for (const [code, lines] of Object.entries(FALLBACK_LINES)) expect(lookup(fr, `relais.fallback.${code}`)).toBe(lines.fr);
  });

  it('offers typedInputs where a value may come from msg, and the variables table with its types', () => {
    const { definition } = register(htmlOf('relais-http-request'))[0];
    expect(definition.defaults.urlType).toEqual({ value: 'str' });
    const url = definition.relaisForm?.fields.find((field) => field.name === 'url');
    expect(url).toMatchObject({ typed: ['str', 'msg', 'flow', 'global', 'env'], typeProperty: 'urlType' });
    const { VARIABLE_TYPES } = requireDist<{ VARIABLE_TYPES: string[] }>('src/variables/types');
    expect(definition.relaisForm?.variableTypes).toEqual([...VARIABLE_TYPES]);
    expect(definition.relaisForm?.importAndTest).toBe('http_request');
    // The variables table's column labels and type names, asked for by name in resources/relais-form.js.
    const { VARIABLE_COLUMNS } = requireDist<{ VARIABLE_COLUMNS: string[] }>('src/adapter/index');
    for (const language of ['en-US', 'fr']) {
      const cat = catalogue('relais-http-request', language);
      for (const column of VARIABLE_COLUMNS) expect(lookup(cat, `relais.variables.columns.${column}`)).toEqual(expect.any(String));
      for (const variableType of VARIABLE_TYPES) expect(lookup(cat, `relais.variables.types.${variableType}`)).toEqual(expect.any(String));
    }
  });

  it.each(Object.keys(ACTION_TYPES))('%s: the .html holds data and the asset\'s hooks, no code of its own', (type) => {
    const html = htmlOf(type);
    const { definition } = register(html)[0];
    for (const hook of ['paletteLabel', 'label', 'labelStyle', 'outputLabels', 'oneditprepare', 'oneditsave', 'oneditresize']) expect(typeof definition[hook]).toBe('function');
    const inline = html.match(/<script type="text\/javascript">([\s\S]*?)<\/script>/)?.[1] ?? '';
    expect(inline).not.toMatch(/function\s*\(|=>|\$\(/);
    const form = definition.relaisForm as EditorForm;
    const names = form.fields.map((field) => field.name);
    for (const field of form.fields) {
      if (field.typed) expect(definition.defaults[field.typeProperty as string]).toEqual({ value: field.typed[0] });
      if (field.showWhen) expect(names).toContain(field.showWhen.field);
    }
    const { TOOL_NODE_TYPES } = distModule<{ TOOL_NODE_TYPES: string[] }>('lib/tool-nodes');
    expect(form.toolNodes).toEqual(type === 'relais-ai-reply' ? { types: [...TOOL_NODE_TYPES], showWhen: { field: 'body_source', values: ['ai'] } } : null);
  });
});
