// Relais Block run through a fake n8n context: a seed 001 block pasted in the node or taken from the
// item, against the loopback API; the node's credential stands in for whatever name the block uses.
import type { IDataObject } from 'n8n-workflow';
import { RelaisBlock } from '../../../nodes/n8n/RelaisBlock/RelaisBlock.node';
import { executeContext } from '../../support/n8n-context';
import { useApiServer } from './api-server';

const server = useApiServer();

const node = new RelaisBlock();
const httpBlock = () => ({
  id: 'http-notify',
  type: 'action',
  position: { x: 960, y: 250 },
  data: {
    label: 'Appeler une source HTTP',
    channel: 'http',
    parameters: {
      action_type: 'http_request',
      http_method: 'POST',
      url: `${server.current.url}/orders`,
      content_type: 'json',
      body_json: '{"order": "{{order_number}}", "first_name": "{{contact.first_name}}"}',
      timeout_seconds: '5',
      credential: 'crm_token',
      allow_http: true,
      allow_private_network: true,
      variables: [{ name: 'order_number', type: 'string', description: 'order', required: true }],
    },
  },
});

describe('Relais Block execute()', () => {
  it('runs the pasted block with the item as context and the node credential as the block credential', async () => {
    const { context } = executeContext({
      parameters: { source: 'parameter', blockJson: JSON.stringify(httpBlock()), authentication: 'relaisHeaderAuth' },
      credentials: { relaisHeaderAuth: { name: 'X-Api-Key', secretValue: 'header-secret-42' } },
      items: [{ json: { variables: { order_number: 'A-9' }, contact: { first_name: 'Ana' } } }],
    });
    const [output] = await node.execute.call(context);
    expect(server.current.requests).toHaveLength(1);
    expect(server.current.requests[0].headers['x-api-key']).toBe('header-secret-42');
    expect(JSON.parse(server.current.requests[0].body)).toEqual({ order: 'A-9', first_name: 'Ana' });
    expect((output[0].json.data as IDataObject).created).toEqual({ order: 'A-9', first_name: 'Ana' });
    expect(JSON.stringify(output)).not.toContain('header-secret-42');
  });

  it('takes the block from a field of each item', async () => {
    const { context } = executeContext({
      parameters: { source: 'item', blockField: 'block', authentication: 'relaisBearerAuth' },
      credentials: { relaisBearerAuth: { token: 'tok-1234567' } },
      items: [
        { json: { block: httpBlock() as unknown as IDataObject, order_number: 'X-1' } },
        { json: { block: JSON.stringify(httpBlock()), order_number: 'X-2' } },
      ],
    });
    const [output] = await node.execute.call(context);
    expect(server.current.requests.map((r) => JSON.parse(r.body).order)).toEqual(['X-1', 'X-2']);
    expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it('reports invalid block JSON as invalid_block without echoing the text', async () => {
    const { context } = executeContext({ parameters: { source: 'parameter', blockJson: '{"id": "x", "token": "tok-should-not-leak"' }, continueOnFail: true });
    const [output] = await node.execute.call(context);
    const error = output[0].json.error as IDataObject;
    expect(error.code).toBe('invalid_block');
    expect(JSON.stringify(output)).not.toContain('tok-should-not-leak');
  });

  it('reports a block failing validation with the JSON path of the problem', async () => {
    const block = httpBlock();
    (block.data.parameters as IDataObject).timeout_seconds = '600';
    const { context } = executeContext({ parameters: { source: 'parameter', blockJson: JSON.stringify(block) }, continueOnFail: true, items: [{ json: { order_number: 'A' } }] });
    const [output] = await node.execute.call(context);
    const error = output[0].json.error as IDataObject;
    expect(error.code).toBe('invalid_block');
    expect(JSON.stringify(error.issues)).toContain('timeout_seconds');
    expect(server.current.requests).toHaveLength(0);
  });
});
