// What the editor assets in resources/ (type-checked by tsconfig.editor.json, `npm run typecheck`) use of
// Node-RED's editor: the RED global and its jQuery widgets (typedInput, editableList), declared as
// far as the assets use them — jQuery itself is @types/jquery 3.5 (Node-RED 4 and 5 ship jQuery 3.7).
// Sources: Node-RED's editor API docs (https://nodered.org/docs/api/ui/typedInput/,
// https://nodered.org/docs/api/ui/editableList/) and @node-red/editor-client 5.0.7
// (public/red/red.js: registerNodeType sets `def.type` and `def._`; the edit dialog calls
// oneditprepare/oneditsave/oneditresize with `this` = the node being edited).
// Also: the data the generated .html files of the five action nodes hand to resources/relais-form.js
// (its shape: nodes/node-red/lib/editor-form-types.ts), and the answers of the admin endpoints behind the
// Import… and Test buttons (nodes/node-red/lib/editor-routes.ts).

/** The `relaisForm` property of a generated action node's registerType definition, and its parts. */
type RelaisForm = import('../nodes/node-red/lib/editor-form-types').EditorForm;
type RelaisFormField = import('../nodes/node-red/lib/editor-form-types').EditorFormField;
type RelaisShowWhen = import('../nodes/node-red/lib/editor-form-types').ShowWhen;

/** A row of the variables table as the editor keeps it (every cell as typed). */
interface RelaisVariableRow {
  name: string;
  type: string;
  description: string;
  example: string;
  required: boolean;
  default: string;
}

declare namespace RED {
  /** Translates a catalogue key of the node's module (`relais-….…` or `relais.…`). */
  type Translate = (key: string, substitutions?: Record<string, unknown>) => string;

  /** A node type's definition, as registered (Node-RED adds `type` and `_`). */
  interface NodeDefinition {
    type: string;
    _: Translate;
    relaisForm?: RelaisForm;
  }

  /** A node in the editor (the one being edited, or any of the workspace). */
  interface EditorNode {
    id: string;
    type: string;
    name?: string;
    changed?: boolean;
    _: Translate;
    [property: string]: unknown;
  }

  const nodes: {
    getType(type: string): NodeDefinition | undefined;
    eachNode(visit: (node: EditorNode) => void): void;
    node(id: string): EditorNode | null;
    id(): string;
    add(node: Record<string, unknown>): void;
    dirty(dirty: boolean): void;
  };
}

interface TypedInputOptions {
  default: string;
  typeField: string;
  types: string[];
}

interface EditableListOptions<T> {
  addButton?: string | boolean;
  removable?: boolean;
  sortable?: boolean;
  removeItem?: (data: T) => void;
  addItem?: (row: JQuery, index: number, data: T) => void;
}

interface JQuery<TElement = HTMLElement> {
  typedInput(options: TypedInputOptions): this;
  typedInput(method: 'value', value: string): this;
  editableList<T>(options: EditableListOptions<T>): this;
  editableList(method: 'addItem', data: object): this;
  editableList(method: 'items'): JQuery<TElement>;
  editableList(method: 'empty'): this;
  editableList(method: 'height', height: number): this;
}

/** An error as the admin endpoints answer it (HostError in src/adapter/outcome.ts). */
interface RelaisHostError {
  code: string;
  message: string;
  fallback?: string;
}

/** POST <admin>/relais/import's answer: a cURL command's block, or an OpenAPI description's blocks. */
type RelaisImportAnswer = ({ kind: 'curl' } & import('../src/import/types').CurlImport) | ({ kind: 'openapi' } & import('../src/import/types').OpenApiImport);
type RelaisImportedBlock = import('../src/import/types').ImportedBlock;
type RelaisImportedCredential = import('../src/import/types').ImportedCredential;

/** POST <admin>/relais/test's answer: the redacted preview, then (send: true) the result or the error. */
interface RelaisTestAnswer {
  preview: { request?: unknown };
  result?: { data: unknown };
  error?: RelaisHostError;
}

interface Window {
  RelaisForm?: RelaisFormAsset;
  RelaisEditor?: { attach(node: RED.EditorNode, options: { action: 'http_request' | 'block' }): void };
}

/** What resources/relais-form.js gives the generated registerType definitions (and relais-editor.js). */
interface RelaisFormAsset {
  paletteLabel(this: RED.NodeDefinition): string;
  label(this: RED.EditorNode): string;
  labelStyle(this: RED.EditorNode): string;
  outputLabels(this: RED.EditorNode, index: number): string;
  prepare(this: RED.EditorNode): void;
  save(this: RED.EditorNode): void;
  resize(this: RED.EditorNode): void;
  variableRows(): RelaisVariableRow[];
}
