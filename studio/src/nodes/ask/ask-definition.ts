import { quote, type NodeDefinition } from '../node-definition';

export const askDefinition: NodeDefinition<'ask'> = {
  type: 'ask',
  defaults: { answer_type: 'text' },
  summary: (data) => {
    const question = quote(data.question, 50);
    const saved = data.save_as ? ` → ${data.save_as}` : '';
    return question ? `${question}${saved}` : '';
  },
  hiddenFields: (data) => (data.answer_type === 'choice' ? [] : ['choices']),
  uiSchema: {
    'ui:order': ['question', 'answer_type', 'choices', 'save_as', 'retry_message', 'max_attempts', 'timeout', 'label'],
    save_as: { 'ui:placeholder': 'state.answer' },
  },
};
