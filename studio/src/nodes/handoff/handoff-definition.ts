import { quote, type NodeDefinition } from '../node-definition';

export const handoffDefinition: NodeDefinition<'handoff'> = {
  type: 'handoff',
  defaults: { message: 'Let me get a colleague to help you. Someone will reply here shortly.' },
  summary: (data) => quote(data.note) || quote(data.message) || 'An agent takes over',
  uiSchema: { 'ui:order': ['message', 'note', 'label'] },
};
