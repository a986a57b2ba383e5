import { quote, type NodeDefinition } from '../node-definition';

export const webhookActionDefinition: NodeDefinition<'webhook_action'> = {
  type: 'webhook_action',
  defaults: { method: 'POST' },
  summary: (data) => (data.url ? `${data.method ?? 'POST'} ${quote(data.url, 44)}` : ''),
  uiSchema: {
    'ui:order': ['url', 'method', 'headers', 'body', 'store_response_in', 'timeout_ms', 'label'],
    url: { 'ui:placeholder': 'https://api.example.com/leads' },
    store_response_in: { 'ui:placeholder': 'state.response' },
  },
};
