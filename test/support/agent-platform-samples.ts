// Sample payloads of the agent platform, for the conformance and parsing tests of the core, n8n and
// Node-RED. `published` are copied verbatim from the platform's public repositories (sources below);
// `schema` are written from swagger.yaml's ConverseWebhookRequestBody / ActionWebhookRequestBody with
// the values of the published samples, because no published sample shows a link button, a messageId
// or a confidence (swagger.yaml describes them; the samples predate them).
//   template  = ultimateai/custom-crm-automation-template@bce854aae1c2b7af22067c351ef8592b3eaa5fd3
//   publicApi = ultimateai/public-api@7f2dddce754d4f12c81224c7d76b8afdf28c23cc:source/includes/_converse.md

/** publicApi, "Message with buttons". */
export const publishedButtons = {
  botId: '610abae7527db9ce033024e1',
  data: {
    eventType: 'sendMessage',
    platformConversationId: 'session1',
    type: 'text',
    replyId: '610abc338851860016485d79',
    buttons: [
      { type: 'button', text: 'YES' },
      { type: 'button', text: 'NO' },
    ],
    text: 'its a bot text message with 2 buttons',
    carouselCards: [],
  },
};

/** publicApi, "Message with carousel". */
export const publishedCarousel = {
  botId: '618a30beee4e8e87d2f94015',
  data: {
    eventType: 'sendMessage',
    platformConversationId: 'session1',
    type: 'carousel',
    replyId: '61e5439dce4387001311d6db',
    buttons: [],
    text: '',
    carouselCards: [
      { title: 'card 1', description: 'card 1 description', imageUrl: 'URL', buttons: [{ text: 'button 1', type: 'button' }, { text: 'button 2', type: 'button' }] },
      { title: 'card 2', description: 'card 2 description', imageUrl: 'URL', buttons: [{ text: 'button 1', type: 'button' }, { text: 'button 2', type: 'button' }] },
    ],
  },
};

/** publicApi, "Escalate" (its values are the placeholders "string"). */
export const publishedEscalate = { botId: 'string', data: { eventType: 'escalate', platformConversationId: 'string', escalateTo: 'string' } };

/** publicApi, "Is Team Online": no platformConversationId, which swagger.yaml requires. */
export const publishedIsTeamOnline = { botId: 'string', data: { eventType: 'isTeamOnline', teamId: 'string' } };

/** template CustomCrmWebhook.postman_collection.json, "action webhook" (a `sanitize` on a datum, which swagger.yaml does not list). */
export const publishedAction = {
  botId: 'asdasd',
  platformConversationId: '12345',
  name: 'updateUserBalanace',
  data: [
    { key: 'userId', value: ['aaaaaa123'], sanitize: true },
    { key: 'balance', value: ['1234.56'] },
  ],
};

/** schema: a text message with both button kinds. */
export const textWithButtonKinds = {
  botId: '610abae7527db9ce033024e1',
  channel: 'chat',
  data: {
    eventType: 'sendMessage',
    platformConversationId: '13427e90-f76a-47c2-a26d-ea0b4f1836c5',
    type: 'text',
    replyId: '610abc338851860016485d79',
    messageId: '6571a1f0c2d4e5f6a7b8c9d0',
    confidence: 0.87,
    text: 'Can I help with anything else?',
    buttons: [
      { text: 'YES', type: 'button' },
      { text: 'https://help.example.com/returns', type: 'link' },
      { text: 'Return policy', type: 'link' },
    ],
    carouselCards: [],
  },
};

/** schema: a carousel whose cards have images, descriptions and link buttons. */
export const carouselWithLinks = {
  botId: '618a30beee4e8e87d2f94015',
  channel: 'chat',
  data: {
    eventType: 'sendMessage',
    platformConversationId: '13427e90-f76a-47c2-a26d-ea0b4f1836c5',
    type: 'carousel',
    replyId: '61e5439dce4387001311d6db',
    messageId: '6571a1f0c2d4e5f6a7b8c9d1',
    confidence: 0.64,
    text: '',
    buttons: [],
    carouselCards: [
      {
        title: 'card 1',
        description: 'card 1 description',
        imageUrl: 'https://cdn.example.com/card-1.png',
        buttons: [
          { text: 'firstCardButton', type: 'button' },
          { text: 'https://shop.example.com/1', type: 'link' },
        ],
      },
      { title: 'card 2', imageUrl: 'https://cdn.example.com/card-2.png', buttons: [{ text: 'secondCardButton', type: 'button' }] },
    ],
  },
};

/** schema: an action trigger with array values and saveAs. */
export const actionWithSaveAs = {
  botId: '618a30beee4e8e87d2f94015',
  channel: 'chat',
  conversationId: '61e5439dce4387001311d6dc',
  platformConversationId: '13427e90-f76a-47c2-a26d-ea0b4f1836c5',
  name: 'lookup_order',
  data: [
    { key: 'order_number', value: ['A-1001'], saveAs: 'orderNumber' },
    { key: 'sizes', value: ['S', 'M'] },
  ],
};

/** schema: escalate and isTeamOnline with the envelope's channel. */
export const escalateWithChannel = { botId: '618a30beee4e8e87d2f94015', channel: 'chat', data: { eventType: 'escalate', platformConversationId: '13427e90-f76a-47c2-a26d-ea0b4f1836c5', escalateTo: 'team_123' } };
export const isTeamOnlineWithChannel = { botId: '618a30beee4e8e87d2f94015', channel: 'chat', data: { eventType: 'isTeamOnline', platformConversationId: '13427e90-f76a-47c2-a26d-ea0b4f1836c5', teamId: 'team_abc' } };

/** publicApi "Usage": request bodies of POST /converse/chat. */
export const publishedRequests = {
  start: { platformConversationId: '00000001', eventType: 'startSession' },
  text: { platformConversationId: '00000001', eventType: 'message', text: 'I want to make a refund' },
  button: { platformConversationId: '00000001', eventType: 'message', text: 'Maybe' },
  card: { platformConversationId: '00000001', eventType: 'message', text: 'secondCardButton', cardIndex: 1 },
  end: { platformConversationId: '00000001', eventType: 'endSession' },
};

/** Every webhook sample by name, for the "parses with nothing lost" tests of the core and both hosts. */
export const webhookSamples: Array<[string, Record<string, unknown>]> = [
  ['publicApi buttons', publishedButtons],
  ['publicApi carousel', publishedCarousel],
  ['publicApi escalate', publishedEscalate],
  ['publicApi isTeamOnline', publishedIsTeamOnline],
  ['template action', publishedAction],
  ['text with both button kinds', textWithButtonKinds],
  ['carousel with link buttons', carouselWithLinks],
  ['action with array values and saveAs', actionWithSaveAs],
  ['escalate with channel', escalateWithChannel],
  ['isTeamOnline with channel', isTeamOnlineWithChannel],
];
