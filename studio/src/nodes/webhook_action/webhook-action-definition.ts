import { quote, type NodeDefinition } from '../node-definition';

export const webhookActionDefinition: NodeDefinition<'webhook_action'> = {
  type: 'webhook_action',
  defaults: { method: 'POST' },
  summary: (data) => (data.url ? `${data.method ?? 'POST'} ${quote(data.url, 44)}` : ''),
  uiSchema: {
    'ui:order': ['url', 'method', 'headers', 'body', 'store_response_in', 'timeout_ms', 'label'],
    // a web address is one line: Enter adds nothing to it
    url: { 'ui:placeholder': 'https://api.example.com/leads', 'ui:options': { singleLine: true } },
    store_response_in: { 'ui:placeholder': 'response' },
  },
};
