// Templating with escaping chosen by placement: URL (path segment, query value), header, JSON value,
// plain text. Placeholders are plain names ({{order_number}}, {{contact.first_name}}); see parse.ts.
export { parseTemplate, hasPlaceholders, type TemplatePart, type PlaceholderPart, type TextPart } from './parse';
export { lookupPlaceholder, placeholderText, type TemplateScope } from './scope';
export { renderText } from './text';
export { parseUrlTemplate, renderUrl, renderUrlParsed, appendQuery, type UrlTemplate } from './url';
export { renderHeaders, HEADER_CONTROL } from './headers';
export { parseJsonTemplate, renderJsonTemplate, jsonTemplatePlaceholders, type JsonTemplate } from './json-template';
