// PLACEHOLDER — replaced by the transport work (issue 3).
import { RelaisError } from '../errors';
import type { HttpClient, NetworkPolicy } from './types';

export function createHttpClient(_policy: NetworkPolicy): HttpClient {
  return {
    request: async () => {
      throw new RelaisError('connect_failed', 'transport not built yet');
    },
    close: async () => undefined,
  };
}
