// PLACEHOLDER while the http backend is written (same session).
import { RelaisError } from '../errors';
import type { HttpClient } from '../http/types';
import type { ContactStore, HttpStoreOptions } from './types';

export async function openHttpStore(_options: HttpStoreOptions, _http: HttpClient): Promise<ContactStore> {
  throw new RelaisError('store_error', 'http store not built yet');
}
