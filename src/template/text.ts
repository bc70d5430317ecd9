// Plain text templates (text bodies, prompts, task titles): placeholders replaced by their values'
// text, nothing escaped (escaping is chosen by placement, and text has no syntax to break).
import { parseTemplate } from './parse';
import { lookupPlaceholder, placeholderText, type TemplateScope } from './scope';

export function renderText(source: string, scope: TemplateScope, where: string): string {
  return parseTemplate(source, where)
    .map((part) => (part.kind === 'text' ? part.value : placeholderText(lookupPlaceholder(scope, part, where), part, where)))
    .join('');
}
