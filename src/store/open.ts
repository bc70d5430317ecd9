// openStore: the contact store a runtime uses, chosen by `backend`. Each backend module is loaded only
// when chosen, so a postgres user on an old Node never touches node:sqlite and vice versa.
import { RelaisError } from '../errors';
import type { HttpClient } from '../http/types';
import type { ContactStore, StoreOptions } from './types';

export async function openStore(options: StoreOptions, http: HttpClient): Promise<ContactStore> {
  switch (options?.backend) {
    case 'sqlite':
      return (await import('./sqlite')).openSqliteStore(options);
    case 'postgres':
      return (await import('./postgres')).openPostgresStore(options);
    case 'http':
      return (await import('./http')).openHttpStore(options, http);
    default:
      throw new RelaisError('invalid_block', `store.backend must be sqlite, postgres or http (got ${JSON.stringify((options as { backend?: unknown })?.backend)}).`, {
        fr: `store.backend doit valoir sqlite, postgres ou http (reçu ${JSON.stringify((options as { backend?: unknown })?.backend)}).`,
        issues: [{ path: 'store.backend', message: 'expected sqlite, postgres or http', fr: 'sqlite, postgres ou http attendu' }],
      });
  }
}
