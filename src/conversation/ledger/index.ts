// Opening the delivery ledger a host configured (see types.ts). `memory` is no shared ledger at all:
// the processor's in-process dedupe does the work.
import { RelaisError } from '../../errors';
import { openPostgresLedger } from './postgres';
import { openRedisLedger } from './redis';
import type { DeliveryLedger, DeliveryLedgerConfig } from './types';

export type { DeliveryLedger, DeliveryLedgerConfig, LedgerClaim, LedgerReply } from './types';

export function openDeliveryLedger(config: DeliveryLedgerConfig | undefined): DeliveryLedger | undefined {
  switch (config?.backend ?? 'memory') {
    case 'memory':
      return undefined;
    case 'redis':
      return openRedisLedger(config as Extract<DeliveryLedgerConfig, { backend: 'redis' }>);
    case 'postgres': {
      const pg = config as Extract<DeliveryLedgerConfig, { backend: 'postgres' }>;
      if (typeof pg.connection_string !== 'string' || !pg.connection_string.trim()) {
        throw new RelaisError('invalid_block', 'ledger.connection_string is required for the postgres delivery ledger (e.g. postgres://relais:secret@db.internal:5432/relais).', {
          fr: 'ledger.connection_string est obligatoire pour le registre de livraison postgres (par ex. postgres://relais:secret@db.internal:5432/relais).',
        });
      }
      return openPostgresLedger(pg);
    }
    default:
      throw new RelaisError('invalid_block', `ledger.backend "${String((config as { backend?: unknown }).backend)}" is not one of memory, redis, postgres.`, {
        fr: `ledger.backend "${String((config as { backend?: unknown }).backend)}" n'est pas l'un de memory, redis, postgres.`,
      });
  }
}
