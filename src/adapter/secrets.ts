// Every secret a runtime's options hold (credentials, the AI provider's key, a database connection
// string), for redacting what a host writes to its log. Both hosts take them from the runtime lease.
import { credentialSecrets } from '../credentials';
import type { CacheableRuntimeOptions } from './runtime-cache';

export function runtimeSecrets(options: CacheableRuntimeOptions): string[] {
  const secrets: string[] = [];
  for (const credential of Object.values(options.credentials ?? {})) secrets.push(...credentialSecrets(credential));
  if (options.ai?.api_key) secrets.push(options.ai.api_key);
  if (options.store?.backend === 'postgres') secrets.push(options.store.connection_string);
  return secrets.filter((s) => typeof s === 'string' && s.length > 0);
}
