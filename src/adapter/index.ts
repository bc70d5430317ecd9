// The host-neutral adapter layer: everything the Node-RED nodes and the n8n nodes both need, so the
// two adapters stay thin and cannot drift apart. It imports only the core, never a host library.
//
//  form-values.ts   host form values (flat, keyed by FieldMeta.name; variables as table rows;
//                   filter/retry as `<name>_<sub>` inputs; JSON as text or objects) → block parameters
//  subfields.ts     the filter/retry sub-fields both hosts' forms show (labels en/fr)
//  run.ts           build or parse a block, derive the Context from the host input (contextFromInput's
//                   rule), execute, shape the outcome — never throws (runForm, runBlockJson;
//                   fixedFormRunner builds once for values that never change)
//  outcome.ts       result → {payload, relais}; any thrown value → {code, status, message, fallback,
//                   issues}, unexpected errors made generic so nothing unsafe leaks
//  credential-fields.ts  a credential's form fields (Headers JSON, allowed hosts, TLS PEM) → core parts
//  runtime-cache.ts one Runtime per distinct config (credentials, network, store, ai), reference-
//                   counted, closed by the last user (redeploy / workflow end)
//
// Host code maps a RunOutcome onto its output: Node-RED `msg.payload`/`msg.relais`/`msg.error`,
// n8n item json.
export { VARIABLE_COLUMNS, paramsFromForm, parameterFromForm, splitList, variablesFromRows, type FormValues } from './form-values';
export { FILTER_SUBFIELDS, RETRY_SUBFIELDS, subFieldKey, subFieldsOf, type SubField, type SubFieldKind } from './subfields';
export { UNEXPECTED_ERROR_CODE, blockFromForm, contextFromHost, fixedFormRunner, runBlockJson, runForm, type HostInput, type RunOptions, type RunOutcome } from './run';
export { describeUnexpected, hostError, outputFromResult, toRelaisError, type HostError, type Language, type RelaisMeta, type RelaisOutput } from './outcome';
export { canonicalJson, createRuntimeCache, runtimeKey, type CacheableRuntimeOptions, type RuntimeCache, type RuntimeLease } from './runtime-cache';
export { headersFromJson, scopeFromFields } from './credential-fields';
