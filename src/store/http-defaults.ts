// The default request of each operation of the http backend: a REST CRM shaped like most (contacts with
// an upsert endpoint and a tags sub-resource, tasks). Each can be overridden in
// store.operations.<name>; relative URLs are joined to base_url. Placeholders available per operation
// are listed in docs/store.md.
import type { HttpStoreOperation, HttpStoreOperationName } from './types';

export const DEFAULT_OPERATIONS: Record<HttpStoreOperationName, Required<Pick<HttpStoreOperation, 'method' | 'url'>> & HttpStoreOperation> = {
  upsert_contact: { method: 'POST', url: '/contacts/upsert', body: '{{contact}}' },
  find_contacts: { method: 'GET', url: '/contacts', query: { email: '{{email}}', phone: '{{phone}}', tag: '{{tag}}', limit: '{{limit}}' } },
  get_contact: { method: 'GET', url: '/contacts/{{id}}' },
  tag_contact: { method: 'POST', url: '/contacts/{{id}}/tags', body: { tag: '{{tag}}' } },
  untag_contact: { method: 'DELETE', url: '/contacts/{{id}}/tags/{{tag}}' },
  create_task: { method: 'POST', url: '/tasks', body: '{{task}}' },
  list_tasks: { method: 'GET', url: '/tasks', query: { contact_id: '{{contact_id}}', status: '{{status}}', assignation: '{{assignation}}' } },
  update_task: { method: 'PATCH', url: '/tasks/{{id}}', body: '{{patch}}' },
};

/** Where a single record or a list sits in a response when no result_path is set. */
export const SINGLE_KEYS = ['contact', 'task', 'data', 'result', 'record'];
export const LIST_KEYS = ['contacts', 'tasks', 'data', 'items', 'results', 'records'];
