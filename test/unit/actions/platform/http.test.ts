// crm_upsert, tag_contact and sales_task through executeBlock on the http backend, against a local
// in-memory REST CRM reached through the real transport.
import { executeBlock } from '../../../../src/actions';
import { createRuntime } from '../../../../src/runtime';
import { startCrmServer, type CrmServer } from '../../../support/crm-server';
import { runPlatformActionSuite } from './suite';

const TOKEN = 'crm-token-actions-0042';
let crm: CrmServer;
beforeEach(async () => {
  crm = await startCrmServer({ token: TOKEN, emailField: 'email' });
});
afterEach(async () => {
  await crm.close();
});

const runtimeFor = () =>
  createRuntime({ store: { backend: 'http', base_url: crm.baseUrl, credential: { type: 'bearer', token: TOKEN }, allow_http: true, allow_private_network: true } });

describe('platform actions on the http backend', () => {
  runPlatformActionSuite(async () => runtimeFor());

  it('sends the email and phone under crm_champ_email / crm_champ_telephone', async () => {
    await crm.close();
    crm = await startCrmServer({ token: TOKEN, emailField: 'courriel', phoneField: 'portable' });
    const runtime = createRuntime({
      store: { backend: 'http', base_url: crm.baseUrl, credential: { type: 'bearer', token: TOKEN }, allow_http: true, allow_private_network: true, contact_fields: { email: 'courriel', phone: 'portable' } },
    });
    try {
      const block = { id: 'crm', type: 'action', data: { parameters: { action_type: 'crm_upsert', crm_champ_email: 'courriel', crm_champ_telephone: 'portable' } } };
      const result = await executeBlock(block, { contact: { email: 'jeanne@example.com', phone_number: '0612345678', first_name: 'Jeanne' } }, runtime);
      expect(crm.requests[0].body).toEqual({ courriel: 'jeanne@example.com', portable: '+33612345678', first_name: 'Jeanne' });
      expect(result.data).toMatchObject({ created: true, contact: { email: 'jeanne@example.com', phone: '+33612345678' } });
    } finally {
      await runtime.close();
    }
  });
});
