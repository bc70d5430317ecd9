// Relais Agent Trigger's delivery ledger from n8n's own settings: queue mode's Redis
// (QUEUE_BULL_REDIS_*, as n8n documents them: https://docs.n8n.io/hosting/configuration/environment-variables/queue-mode/)
// and n8n's PostgreSQL (DB_POSTGRESDB_*: https://docs.n8n.io/hosting/configuration/environment-variables/database/).
import { ledgerConfig } from '../../../nodes/n8n/shared/ledger';

describe('the n8n trigger ledger settings', () => {
  it('auto: memory in regular mode, n8n\'s queue Redis in queue mode', () => {
    expect(ledgerConfig('auto', {})).toEqual({ backend: 'memory' });
    expect(ledgerConfig('auto', { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'redis.internal', QUEUE_BULL_REDIS_PORT: '6380', QUEUE_BULL_REDIS_DB: '2', QUEUE_BULL_REDIS_PASSWORD: 'pw', QUEUE_BULL_REDIS_TLS: 'true' })).toEqual({
      backend: 'redis',
      host: 'redis.internal',
      port: 6380,
      db: 2,
      password: 'pw',
      tls: true,
      prefix: 'bull:relais:ledger:',
    });
  });

  it('redis without queue settings uses n8n\'s defaults (localhost:6379, db 0)', () => {
    expect(ledgerConfig('redis', {})).toMatchObject({ backend: 'redis', host: 'localhost', port: 6379, db: 0, tls: false });
  });

  it('postgres: n8n\'s own database, encoded; refused with a clear message when n8n is not on PostgreSQL', () => {
    const config = ledgerConfig('postgres', { DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: 'db', DB_POSTGRESDB_PORT: '5433', DB_POSTGRESDB_DATABASE: 'n8n', DB_POSTGRESDB_USER: 'n8n', DB_POSTGRESDB_PASSWORD: 'p@ss/word' });
    expect(config).toEqual({ backend: 'postgres', connection_string: 'postgres://n8n:p%40ss%2Fword@db:5433/n8n' });
    expect(() => ledgerConfig('postgres', { DB_TYPE: 'sqlite' })).toThrow(/DB_TYPE sqlite[\s\S]*redis/);
  });

  it('memory stays memory in queue mode when chosen', () => {
    expect(ledgerConfig('memory', { EXECUTIONS_MODE: 'queue' })).toEqual({ backend: 'memory' });
  });
});
