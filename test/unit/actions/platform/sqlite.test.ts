// crm_upsert, tag_contact and sales_task through executeBlock on the embedded sqlite store (temp folder).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeBlock } from '../../../../src/actions';
import { createRuntime } from '../../../../src/runtime';
import { freePort } from '../../../support/postgres';
import { fixture, runPlatformActionSuite } from './suite';

const dir = mkdtempSync(join(tmpdir(), 'relais-actions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('platform actions on sqlite', () => {
  let n = 0;
  runPlatformActionSuite(async () => createRuntime({ store: { backend: 'sqlite', path: join(dir, `db-${++n}`, 'relais.db') } }));
});

describe('platform actions with an unreachable database', () => {
  it('fail with store_error naming the server, never the password, and the runtime retries on the next call', async () => {
    const port = await freePort();
    const runtime = createRuntime({ store: { backend: 'postgres', connection_string: `postgres://relais:Hunter2-Secret@127.0.0.1:${port}/crm`, connect_timeout_ms: 2000 } });
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await executeBlock(fixture('seed001-tag-contact'), { contact: { email: 'a@example.com' } }, runtime).catch((e: Error) => e);
        expect(error).toMatchObject({ code: 'store_error', message: expect.stringMatching(new RegExp(`127\\.0\\.0\\.1:${port}/crm`)) });
        expect(JSON.stringify(error)).not.toContain('Hunter2-Secret');
      }
    } finally {
      await runtime.close();
    }
  });
});

describe('sales_task for a webhook delivery', () => {
  it('opens one task per delivery (context.delivery_id), however often the delivery runs', async () => {
    const runtime = createRuntime({ store: { backend: 'sqlite', path: join(dir, 'delivery', 'relais.db') } });
    try {
      const contact = { first_name: 'Jeanne', email: 'jeanne@example.com' };
      const once = { contact, delivery_id: 'evt-delivery-1' };
      const runs = [];
      for (let i = 0; i < 3; i += 1) runs.push(await executeBlock(fixture('seed001-sales-task'), once, runtime));
      expect(new Set(runs.map((r) => (r.data as { id: string }).id)).size).toBe(1);
      const other = await executeBlock(fixture('seed001-sales-task'), { contact, delivery_id: 'evt-delivery-2' }, runtime);
      expect((other.data as { id: string }).id).not.toBe((runs[0].data as { id: string }).id);
      expect(await (await runtime.store()).listTasks()).toHaveLength(2);
    } finally {
      await runtime.close();
    }
  });
});
