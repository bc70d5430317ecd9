// Relais Conversation's execution: one conversation API call per item (start, message, metadata,
// end) through the core's client, over a runtime from the shared cache.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { createRuntimeCache } from '../../../src/adapter/runtime-cache';
import { hostError, toRelaisError } from '../../../src/adapter/outcome';
import { createConversationClient, type ConversationClient, type ConversationResult } from '../../../src/conversation/client';
import { allowedHostOf, allowedHostsFromEnv, AGENT_PLATFORM_CREDENTIAL, platformSettings } from './credentials';
import { errorItem, nodeError } from './errors';

export const CONVERSATION_OPERATIONS = ['start', 'message', 'metadata', 'end'] as const;
export type ConversationOperation = (typeof CONVERSATION_OPERATIONS)[number];

const cache = createRuntimeCache();

function metaData(context: IExecuteFunctions, itemIndex: number, prefix: '' | 'start'): { key: string; value: string; sanitize?: boolean } | undefined {
  const source = prefix === 'start' ? (context.getNodeParameter('startOptions', itemIndex, {}) as IDataObject) : {
    key: context.getNodeParameter('key', itemIndex, ''),
    value: context.getNodeParameter('value', itemIndex, ''),
    sanitize: context.getNodeParameter('sanitize', itemIndex, false),
  };
  const key = typeof source.key === 'string' ? source.key : '';
  if (prefix === 'start' && key === '') return undefined;
  return { key, value: source.value === undefined || source.value === null ? '' : String(source.value), ...(source.sanitize === true ? { sanitize: true } : {}) };
}

async function call(context: IExecuteFunctions, client: ConversationClient, operation: ConversationOperation, itemIndex: number): Promise<ConversationResult> {
  const conversationId = String(context.getNodeParameter('conversationId', itemIndex, ''));
  switch (operation) {
    case 'start': {
      const start = metaData(context, itemIndex, 'start');
      return await client.start(conversationId, start ? { metaData: start } : {});
    }
    case 'message': {
      const text = String(context.getNodeParameter('text', itemIndex, ''));
      const cardIndex = (context.getNodeParameter('messageOptions', itemIndex, {}) as IDataObject).cardIndex;
      return await client.message(conversationId, {
        ...(text !== '' ? { text } : {}),
        ...(typeof cardIndex === 'number' ? { cardIndex } : {}),
      });
    }
    case 'metadata':
      return await client.metadata(conversationId, metaData(context, itemIndex, '') as { key: string; value: string });
    case 'end':
      return await client.end(conversationId);
  }
}

export async function executeConversation(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
  const settings = platformSettings(await context.getCredentials(AGENT_PLATFORM_CREDENTIAL));
  const host = settings.allow_private_network ? allowedHostOf(settings.base_url) : undefined;
  const lease = cache.acquire({ network: { allowed_hosts: [...allowedHostsFromEnv(), ...(host ? [host] : [])] } });
  const items = context.getInputData();
  const output: INodeExecutionData[] = [];
  try {
    let client: ConversationClient | undefined;
    for (let index = 0; index < items.length; index++) {
      const operation = context.getNodeParameter('operation', index) as ConversationOperation;
      try {
        // Built inside the item loop so a configuration error (no bot id…) is reported like any other.
        client ??= createConversationClient({ base_url: settings.base_url, bot_id: settings.bot_id, api_key: settings.api_key, runtime: lease.runtime, allow_http: settings.allow_private_network });
        const result = await call(context, client, operation, index);
        output.push({ json: { operation, ...result } as unknown as IDataObject, pairedItem: { item: index } });
      } catch (thrown) {
        const error = hostError(toRelaisError(thrown, 'conversation_error', 'the conversation call'));
        if (!context.continueOnFail()) throw nodeError(context.getNode(), error, index);
        output.push(errorItem(error, index));
      }
    }
  } finally {
    await lease.release();
  }
  return [output];
}
