// The blocks the MCP tests serve: a GET order lookup with a required integer and an optional string,
// a POST that creates a ticket with a bearer credential, a DELETE, and one pointing at a 404.
export function mcpTestBlocks(origin: string): unknown[] {
  return [
    {
      id: 'order.lookup',
      type: 'action',
      data: {
        label: 'Order lookup',
        description: 'Find an order by its number',
        parameters: {
          action_type: 'http_request', allow_http: true,
          http_method: 'GET',
          url: `${origin}/echo/orders/{{order_id}}`,
          query_json: '{"lang": "{{lang}}"}',
          credential: 'crm',
          variables: [
            { name: 'order_id', type: 'integer', description: 'Order number', required: true, example: '12345' },
            { name: 'lang', type: 'string', description: 'Answer language', required: false, default: 'en' },
          ],
          filter: { expression: '{method: method, url: url}' },
        },
      },
    },
    {
      id: 'create_ticket',
      type: 'action',
      data: {
        label: 'Create ticket',
        parameters: {
          action_type: 'http_request', allow_http: true,
          http_method: 'POST',
          url: `${origin}/echo/tickets`,
          credential: 'crm',
          body_json: '{"subject": "{{subject}}", "urgent": {{urgent}}}',
          variables: [
            { name: 'subject', type: 'string', description: 'Subject', required: true },
            { name: 'urgent', type: 'boolean', description: 'Urgent?', required: true },
          ],
          filter: { expression: 'body' },
        },
      },
    },
    {
      id: 'cancel_order',
      type: 'action',
      data: { label: 'Cancel order', parameters: { action_type: 'http_request', allow_http: true, http_method: 'DELETE', url: `${origin}/status/404`, variables: [] } },
    },
  ];
}
