// Build step (run by scripts/build.mjs after tsc, with RELAIS_DIST = the dist folder being built):
// writes the Node-RED editor files of the five action nodes from their one definition in src/blocks —
//   <dist>/nodes/node-red/<type>.html                 registerType (literal type, category, colour,
//                                                       icon, inputs, outputs, defaults; the form as
//                                                       data for resources/relais-form.js) + the
//                                                       edit form's HTML
//   <dist>/nodes/node-red/locales/{en-US,fr}/<type>.json   labels, help, options (en/fr metadata)
//   <dist>/nodes/node-red/locales/{en-US,fr}/<type>.html   help: Inputs / Outputs / Details
// and merges the messages shared by every Relais node (nodes/node-red/lib/messages.ts) under "relais"
// into every Relais locale catalogue, hand-written ones included.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const dist = process.env.RELAIS_DIST;
if (!dist) throw new Error('node-red-forms: RELAIS_DIST is not set (run through scripts/build.mjs)');
// The dist may be built outside the repo (scripts/pack.mjs <dir>): let its modules find their
// dependencies (zod, …) in this repo's node_modules.
process.env.NODE_PATH = [join(import.meta.dirname, '../../node_modules'), process.env.NODE_PATH].filter(Boolean).join(delimiter);
Module._initPaths();
const require = createRequire(import.meta.url);
const { ACTION_DEFINITIONS } = require(join(dist, 'src/blocks/index.js'));
const { subFieldsOf, subFieldKey } = require(join(dist, 'src/adapter/index.js'));
const { typedInputTypes, typeProperty, CONFIG_REFS, PALETTE } = require(join(dist, 'nodes/node-red/lib/form-spec.js'));
const { commonMessages } = require(join(dist, 'nodes/node-red/lib/messages.js'));
const { editorDefaults, editorForm, picksToolNodes } = require(join(dist, 'nodes/node-red/lib/editor-form.js'));

const nodeRedDir = join(dist, 'nodes/node-red');
const LANGUAGES = [
  ['en-US', 'en'],
  ['fr', 'fr'],
];

const js = (value) => JSON.stringify(value);
// The editor's code is in the package's resources/ folder, which Node-RED serves at
// resources/<package name>/: relais-form.js (every action's dialog), and relais-editor.js (the Import…
// and Test buttons, added to the HTTP action's dialog). Node-RED loads a .html's script files before
// running its inline script.
const PACKAGE_NAME = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).name;
const asset = (name) => `<script type="text/javascript" src="resources/${PACKAGE_NAME}/${name}"></script>`;
const escapeHtml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function writeFile(path, text) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

// relais-ai-reply lists the workspace's relais-http-request and relais-block nodes it may call as tools.
const TOOL_NODES_ROW = `<div class="form-row relais-row relais-row-tool_nodes"><label data-i18n="[title]relais.tool_nodes.help;relais.tool_nodes.label"></label><div id="relais-tool-nodes-list" style="display:inline-block;width:70%;max-height:160px;overflow:auto;vertical-align:top"></div></div>`;

// ---------- edit form ----------
function labelFor(type, field) {
  return `<label for="node-input-${field.name}" data-i18n="[title]${type}.fields.${field.name}.help;${type}.fields.${field.name}.label"></label>`;
}

function rowFor(type, field) {
  const id = `node-input-${field.name}`;
  const cls = `form-row relais-row relais-row-${field.name}`;
  switch (field.kind) {
    case 'options':
      return `<div class="${cls}">${labelFor(type, field)}<select id="${id}" style="width:70%">${(field.options ?? [])
        .map((o) => `<option value="${escapeHtml(o.value)}" data-i18n="${type}.options.${field.name}.${o.value}"></option>`)
        .join('')}</select></div>`;
    case 'boolean':
      return `<div class="${cls}">${labelFor(type, field)}<input type="checkbox" id="${id}" style="width:auto;vertical-align:top"></div>`;
    case 'text':
    case 'json':
      return `<div class="${cls}">${labelFor(type, field)}<textarea id="${id}" rows="${field.kind === 'json' ? 5 : 4}" style="width:100%;${
        field.kind === 'json' ? 'font-family:monospace;' : ''
      }"${field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : ''}></textarea><div class="form-tips" data-i18n="${type}.fields.${field.name}.help"></div></div>`;
    case 'credential':
      return `<div class="${cls}">${labelFor(type, field)}<input type="text" id="${id}" style="width:70%"></div>`;
    case 'variables':
      return `<div class="${cls} node-input-variables-container-row">${labelFor(type, field)}<div class="form-tips" data-i18n="${type}.fields.${field.name}.help"></div><ol id="node-input-variables-list"></ol></div>`;
    case 'filter':
    case 'retry':
      return subFieldsOf(field.kind)
        .map((sub) => {
          const key = subFieldKey(field.name, sub);
          const label = `<label for="node-input-${key}" data-i18n="[title]relais.sub.${field.kind}.${sub.key}.help;relais.sub.${field.kind}.${sub.key}.label"></label>`;
          const input =
            sub.kind === 'boolean'
              ? `<select id="node-input-${key}" style="width:70%"><option value="" data-i18n="relais.choice.default"></option><option value="true" data-i18n="relais.choice.yes"></option><option value="false" data-i18n="relais.choice.no"></option></select>`
              : `<input type="text" id="node-input-${key}" style="width:70%"${sub.placeholder ? ` placeholder="${escapeHtml(sub.placeholder)}"` : ''}>`;
          return `<div class="${cls}">${label}${input}</div>`;
        })
        .join('\n');
    default: {
      const typed = typedInputTypes(field);
      const hidden = typed ? `<input type="hidden" id="node-input-${typeProperty(field)}">` : '';
      return `<div class="${cls}">${labelFor(type, field)}<input type="text" id="${id}" style="width:70%"${
        field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : ''
      }>${hidden}</div>`;
    }
  }
}

function templateFor(definition) {
  const type = definition.nodeRed.type;
  const isAdvanced = (field) => field.advanced === true || field.kind === 'filter' || field.kind === 'retry';
  const main = definition.fields.filter((f) => !isAdvanced(f)).flatMap((f) => (picksToolNodes(definition) && f.name === 'tools' ? [TOOL_NODES_ROW, rowFor(type, f)] : [rowFor(type, f)]));
  const configRows = CONFIG_REFS[definition.action_type].map(
    (ref) => `<div class="form-row"><label for="node-input-${ref}" data-i18n="relais.config.${ref}"></label><input type="text" id="node-input-${ref}" style="width:70%"></div>`,
  );
  const advanced = definition.fields.filter(isAdvanced).map((f) => rowFor(type, f));
  return [
    `<script type="text/html" data-template-name="${type}">`,
    `<div class="form-row"><label for="node-input-name"><i class="fa fa-tag"></i> <span data-i18n="relais.name"></span></label><input type="text" id="node-input-name" data-i18n="[placeholder]relais.name" style="width:70%"></div>`,
    ...configRows,
    ...main,
    ...(advanced.length
      ? [
          `<div class="form-row"><a href="#" class="relais-advanced-toggle"><i class="fa fa-caret-right"></i> <span data-i18n="relais.advanced"></span></a></div>`,
          `<div class="relais-advanced" style="display:none">`,
          ...advanced,
          `</div>`,
        ]
      : []),
    `</script>`,
  ].join('\n');
}

// ---------- the registerType call: literal palette and defaults, the form as data ----------
// Everything the dialog does is resources/relais-form.js; this file hands it the form as data under
// `relaisForm` (nodes/node-red/lib/editor-form.ts builds it, editor-form-types.ts says its shape).

// The hooks are the asset's functions, named (not called) here: Node-RED calls them with `this` = the
// node definition (paletteLabel) or the node being edited (the others).
const HOOKS = [
  ['paletteLabel', 'paletteLabel'],
  ['label', 'label'],
  ['labelStyle', 'labelStyle'],
  ['outputLabels', 'outputLabels'],
  ['oneditprepare', 'prepare'],
  ['oneditsave', 'save'],
  ['oneditresize', 'resize'],
];

function scriptFor(definition) {
  const type = definition.nodeRed.type;
  return `<script type="text/javascript">
  RED.nodes.registerType(${js(type)}, {
    category: ${js(PALETTE.category)},
    color: ${js(PALETTE.color)},
    defaults: ${js(editorDefaults(definition))},
    inputs: 1,
    outputs: 2,
    icon: ${js(PALETTE.icon)},
${HOOKS.map(([hook, name]) => `    ${hook}: RelaisForm.${name},`).join('\n')}
    relaisForm: ${js(editorForm(definition))}
  });
</script>`;
}

// ---------- locale catalogues and help ----------
function catalogueFor(definition, language) {
  const fields = {};
  const options = {};
  for (const field of definition.fields) {
    fields[field.name] = { label: field.label[language], help: field.help[language] };
    if (field.options) {
      options[field.name] = {};
      for (const option of field.options) options[field.name][option.value] = option.label[language];
    }
  }
  return { paletteLabel: definition.title[language], description: definition.description[language], fields, options };
}

function helpFor(definition, language, common) {
  const type = definition.nodeRed.type;
  const h = common.help;
  const input = (name, kind, text) => `<dt class="optional">${name} <span class="property-type">${kind}</span></dt><dd>${escapeHtml(text)}</dd>`;
  const details = definition.fields
    .map((field) => `<li><b>${escapeHtml(field.label[language])}</b> (<code>${field.name}</code>): ${escapeHtml(field.help[language])}</li>`)
    .join('\n');
  return `<script type="text/html" data-help-name="${type}">
<p>${escapeHtml(definition.description[language])}</p>
<h3>${h.inputs}</h3>
<dl class="message-properties">
${input('variables', 'object', h.in_variables)}
${input('contact', 'object', h.in_contact)}
${input('agent', 'object', h.in_agent)}
${input('direction', 'string', h.in_direction)}
${input('medium', 'string', h.in_medium)}
</dl>
<h3>${h.outputs}</h3>
<ol class="node-ports">
<li>${escapeHtml(common.outputs.ok)}<dl class="message-properties">
<dt>payload <span class="property-type">any</span></dt><dd>${escapeHtml(h.out_payload)}</dd>
<dt>relais <span class="property-type">object</span></dt><dd>${escapeHtml(h.out_relais)}</dd>
</dl></li>
<li>${escapeHtml(common.outputs.failure)}<dl class="message-properties">
<dt>error <span class="property-type">object</span></dt><dd>${escapeHtml(h.out_error)}</dd>
</dl></li>
</ol>
<h3>${h.details}</h3>
<ul>
${details}
</ul>
<p>${escapeHtml(h.failure_rule)}</p>
</script>
`;
}

for (const definition of Object.values(ACTION_DEFINITIONS)) {
  const type = definition.nodeRed.type;
  const assets = [asset('relais-form.js'), ...(editorForm(definition).importAndTest ? [asset('relais-editor.js')] : [])];
  writeFile(join(nodeRedDir, `${type}.html`), `${assets.join('\n')}\n${scriptFor(definition)}\n\n${templateFor(definition)}\n`);
  for (const [dir, language] of LANGUAGES) {
    const common = commonMessages(language);
    writeFile(join(nodeRedDir, 'locales', dir, `${type}.json`), `${JSON.stringify({ [type]: catalogueFor(definition, language) }, null, 2)}\n`);
    writeFile(join(nodeRedDir, 'locales', dir, `${type}.html`), helpFor(definition, language, common));
  }
}

// Every Relais catalogue (generated above or hand-written and copied by the build) gets "relais".
function mergeCommon(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === 'locales') {
      for (const [languageDir, language] of LANGUAGES) {
        const folder = join(path, languageDir);
        if (!existsSync(folder)) continue;
        for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
          const catalogue = JSON.parse(readFileSync(join(folder, file), 'utf8'));
          catalogue.relais = commonMessages(language);
          writeFileSync(join(folder, file), `${JSON.stringify(catalogue, null, 2)}\n`);
        }
      }
    } else mergeCommon(path);
  }
}
mergeCommon(nodeRedDir);
