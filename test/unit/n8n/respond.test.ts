// Relais Respond to Agent on its own: it finds the event through the trigger it descends from (items
// in between may be reshaped), builds the exact answer, hands it to n8n's sendResponse once (queue
// mode; the in-process handover of regular mode is tested with the trigger in agent-trigger.test.ts), and
// refuses answers the platform could not store.
import { NodeOperationError, type IDataObject, type IExecuteResponsePromiseData } from 'n8n-workflow';
import { RelaisRespondToAgent } from '../../../nodes/n8n/RelaisRespondToAgent/RelaisRespondToAgent.node';
import { executeContext } from '../../support/n8n-context';

const TRIGGER_TYPE = '@relais/n8n-nodes-agent-actions.relaisAgentTrigger';
const node = new RelaisRespondToAgent();

function run(event: IDataObject, parameters: Record<string, unknown>, continueOnFail = false) {
  const sent: IExecuteResponsePromiseData[] = [];
  const { context } = executeContext({
    parameters,
    continueOnFail,
    items: [{ json: { reshaped: true } }],
    parents: [{ name: 'Relais Agent Trigger', type: TRIGGER_TYPE, json: event }],
    sendResponse: async (response) => {
      sent.push(response);
    },
  });
  return { sent, output: node.execute.call(context) };
}

const soon = () => Date.now() + 5000;

describe('Relais Respond to Agent', () => {
  it('answers isTeamOnline found through the trigger, even when the items were reshaped', async () => {
    const { sent, output } = run({ type: 'isTeamOnline', relais: { needs_answer: true, deadline: soon() } }, { isOnline: true });
    const [items] = await output;
    expect(sent).toEqual([{ body: { isOnline: true }, headers: { 'content-type': 'application/json; charset=utf-8' }, statusCode: 200 }]);
    expect(items[0].json).toMatchObject({ reshaped: true, answered: true, answer: { isOnline: true } });
  });

  it('answers an action trigger with JSON, values sent as text', async () => {
    const { sent, output } = run({ type: 'action', relais: { needs_answer: true, deadline: soon() } }, { answerWith: 'json', answerJson: '{"eta_days": 3, "express": true}' });
    await output;
    expect((sent[0] as { body: unknown }).body).toEqual({ results: [{ key: 'eta_days', value: '3' }, { key: 'express', value: 'true' }] });
  });

  it('does not answer an event that needed none', async () => {
    const { sent, output } = run({ type: 'sendMessage', relais: { needs_answer: false } }, { answerWith: 'fields', results: { result: [{ key: 'a', value: 'b' }] } });
    const [items] = await output;
    expect(sent).toHaveLength(0);
    expect(items[0].json.answered).toBe(false);
  });

  it('refuses a key the platform cannot store, naming it, and answers nothing', async () => {
    const { sent, output } = run({ type: 'action', relais: { needs_answer: true, deadline: soon() } }, { answerWith: 'fields', results: { result: [{ key: 'bad key!', value: 'x' }] } });
    const error = await output.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toContain('[conversation_error]');
    expect((error as NodeOperationError).description).toContain('bad key!');
    expect(sent).toHaveLength(0);
  });

  it('answers nothing when it does not follow a Relais Agent Trigger', async () => {
    const sent: IExecuteResponsePromiseData[] = [];
    const { context } = executeContext({ parameters: { isOnline: true }, items: [{ json: { type: 'isTeamOnline' } }], sendResponse: async (r) => void sent.push(r) });
    const [items] = await node.execute.call(context);
    expect(items[0].json.answered).toBe(false);
    expect(sent).toHaveLength(0);
  });

  it('answers in-process when the trigger kept the request, and reports "too late" when none waits any more', async () => {
    // No trigger request is open in this test process, as after the deadline: nothing goes to sendResponse.
    const { sent, output } = run({ type: 'action', id: 'evt-gone', relais: { needs_answer: true, deadline: soon(), answer_via: 'in_process' } }, { answerWith: 'json', answerJson: '{"a": "b"}' });
    const [items] = await output;
    expect(items[0].json).toEqual(expect.objectContaining({ answered: false, reason: expect.stringContaining('Too late') }));
    expect(sent).toHaveLength(0);
  });
});
