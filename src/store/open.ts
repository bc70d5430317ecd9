// PLACEHOLDER — replaced by the contact store work (issue 4).
import { RelaisError } from '../errors';
import type { HttpClient } from '../http/types';
import type { ContactStore, StoreOptions } from './types';

export async function openStore(_options: StoreOptions, _http: HttpClient): Promise<ContactStore> {
  throw new RelaisError('store_error', 'store not built yet');
}
