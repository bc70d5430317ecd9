// importCurl on cURL examples copied from real API documentation (sources named per case). The secret
// in each (token, key, user:password) must end up in the credential and nowhere in the block.
import { parseBlock } from '../../../src/blocks';
import { importCurl } from '../../../src/import';
import { relaisRejection } from '../../support/rejection';

const blockText = (result: ReturnType<typeof importCurl>) => JSON.stringify(result.block);

describe('importCurl on examples from API docs', () => {
  it('GitHub "Create an issue" (https://docs.github.com/en/rest/issues/issues#create-an-issue)', () => {
    const result = importCurl(`curl -L \\
  -X POST \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer <YOUR-TOKEN>" \\
  -H "X-GitHub-Api-Version: 2022-11-28" \\
  https://api.github.com/repos/OWNER/REPO/issues \\
  -d '{"title":"Found a bug","body":"I'"'"'m having a problem with this.","assignees":["octocat"],"milestone":1,"labels":["bug"]}'`);
    const p = result.block.data.parameters;
    expect(p).toMatchObject({ http_method: 'POST', url: 'https://api.github.com/repos/OWNER/REPO/issues', content_type: 'json', credential: 'github_com' });
    expect(JSON.parse(p.body_json!)).toEqual({ title: 'Found a bug', body: "I'm having a problem with this.", assignees: ['octocat'], milestone: 1, labels: ['bug'] });
    expect(JSON.parse(p.headers_json!)).toEqual({ Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' });
    expect(result.credential).toEqual({ name: 'github_com', type: 'bearer', credential: { type: 'bearer', token: '<YOUR-TOKEN>' }, description: 'taken from the Authorization: Bearer header' });
    expect(blockText(result)).not.toContain('YOUR-TOKEN');
    expect(() => parseBlock(result.block)).not.toThrow();
  });

  it('Stripe "Create a customer" with -u key: and --data-urlencode (https://docs.stripe.com/api/customers/create)', () => {
    const result = importCurl(`curl https://api.stripe.com/v1/customers \\
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \\
  -d name="Jenny Rosen" \\
  --data-urlencode email="jennyrosen@example.com"`);
    const p = result.block.data.parameters;
    expect(p).toMatchObject({ http_method: 'POST', url: 'https://api.stripe.com/v1/customers', content_type: 'text', body_text: 'name=Jenny Rosen&email=jennyrosen%40example.com' });
    expect(JSON.parse(p.headers_json!)).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(result.credential?.credential).toEqual({ type: 'basic', username: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', password: '' });
    expect(blockText(result)).not.toContain('sk_test');
  });

  it('OpenAI "Create chat completion" (https://platform.openai.com/docs/api-reference/chat/create)', () => {
    const result = importCurl(`curl https://api.openai.com/v1/chat/completions \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer $OPENAI_API_KEY" \\
  -d '{
    "model": "gpt-5",
    "messages": [{"role": "user", "content": "Hello!"}]
  }'`);
    const p = result.block.data.parameters;
    expect(p.headers_json).toBeUndefined();
    expect(JSON.parse(p.body_json!)).toEqual({ model: 'gpt-5', messages: [{ role: 'user', content: 'Hello!' }] });
    expect(result.credential?.credential).toEqual({ type: 'bearer', token: '$OPENAI_API_KEY' });
  });

  it('Anthropic "Messages" with x-api-key (https://docs.anthropic.com/en/api/messages)', () => {
    const result = importCurl(`curl https://api.anthropic.com/v1/messages \\
     --header "x-api-key: $ANTHROPIC_API_KEY" \\
     --header "anthropic-version: 2023-06-01" \\
     --header "content-type: application/json" \\
     --data \\
'{
    "model": "claude-sonnet-4-5",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": "Hello, world"}]
}'`);
    expect(result.credential?.credential).toEqual({ type: 'header', name: 'x-api-key', value: '$ANTHROPIC_API_KEY' });
    expect(JSON.parse(result.block.data.parameters.headers_json!)).toEqual({ 'anthropic-version': '2023-06-01' });
    expect(blockText(result)).not.toContain('ANTHROPIC_API_KEY');
  });

  it('Twilio "Send an SMS" with -u SID:token and -X POST (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource)', () => {
    const result = importCurl(`curl -X POST "https://api.twilio.com/2010-04-01/Accounts/$TWILIO_ACCOUNT_SID/Messages.json" \\
--data-urlencode "Body=Hi there" \\
--data-urlencode "From=+15557122661" \\
--data-urlencode "To=+15558675310" \\
-u $TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN`);
    expect(result.block.data.parameters.body_text).toBe('Body=Hi%20there&From=%2B15557122661&To=%2B15558675310');
    expect(result.credential?.credential).toEqual({ type: 'basic', username: '$TWILIO_ACCOUNT_SID', password: '$TWILIO_AUTH_TOKEN' });
    expect(blockText(result)).not.toContain('TWILIO_AUTH_TOKEN');
  });

  it('an API key in the query string (STAPI, https://stapi.co/api-documentation) moves into a query credential', () => {
    const result = importCurl("curl 'https://stapi.co/api/v1/rest/animal?uid=ANMA0000000001&apiKey=abc123secret'");
    expect(JSON.parse(result.block.data.parameters.query_json!)).toEqual({ uid: 'ANMA0000000001' });
    expect(result.credential?.credential).toEqual({ type: 'query', name: 'apiKey', value: 'abc123secret' });
    expect(blockText(result)).not.toContain('abc123secret');
  });

  it('-G moves -d into the query; --json sets JSON; {{placeholders}} become variables', () => {
    const get = importCurl("curl -G https://api.example.com/search -d q=shoes -d 'size=42'");
    expect(get.block.data.parameters).toMatchObject({ http_method: 'GET', query_json: '{"q":"shoes","size":"42"}' });
    const json = importCurl(`curl --json '{"order": "{{order_number}}"}' https://api.example.com/orders/{{order_number}}`);
    expect(json.block.data.parameters).toMatchObject({ http_method: 'POST', content_type: 'json', url: 'https://api.example.com/orders/{{order_number}}' });
    expect(json.block.data.parameters.variables).toEqual([{ name: 'order_number', type: 'string', description: 'The order number', required: true }]);
    expect(() => parseBlock(json.block)).not.toThrow();
  });

  it('bad commands are invalid_block naming the problem', async () => {
    expect(() => importCurl('curl -H "Accept: x')).toThrow('The cURL command cannot be read: the command has an unclosed " quote.');
    expect(() => importCurl('curl -X POST')).toThrow('The cURL command cannot be imported: it has no URL.');
    expect(() => importCurl('curl https://a.example.com https://b.example.com')).toThrow(/two URLs/);
    expect(() => importCurl('curl -X TRACE https://a.example.com')).toThrow(/the method TRACE/);
    expect(() => importCurl('curl -d @body.json https://a.example.com')).toThrow(/reads a file/);
    expect((await relaisRejection(Promise.resolve().then(() => importCurl('')))).code).toBe('invalid_block');
  });
});
