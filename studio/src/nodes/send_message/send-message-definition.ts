import { quote, type NodeDefinition } from '../node-definition';

export const sendMessageDefinition: NodeDefinition<'send_message'> = {
  type: 'send_message',
  defaults: {},
  summary: (data) => quote(data.text) || (data.media_url ? 'Sends a picture or file' : ''),
  uiSchema: { 'ui:order': ['text', 'media_url', 'label'] },
};
