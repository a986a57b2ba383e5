import { quote, type NodeDefinition } from '../node-definition';
import { savedAsText } from '../variable-names';

/** What each expected answer is called in the form (the JSON keeps text, number...). */
export const ANSWER_TYPE_LABELS = {
  text: 'Any text',
  number: 'A number',
  email: 'An email address',
  phone: 'A phone number',
  date: 'A date',
  choice: 'One of a list of choices',
} as const;

export const askDefinition: NodeDefinition<'ask'> = {
  type: 'ask',
  defaults: { answer_type: 'text' },
  summary: (data) => {
    const question = quote(data.question, 50);
    const saved = savedAsText(data.save_as);
    return question ? [question, saved].filter(Boolean).join(' · ') : '';
  },
  hiddenFields: (data) => (data.answer_type === 'choice' ? [] : ['choices']),
  uiSchema: {
    'ui:order': ['question', 'answer_type', 'choices', 'save_as', 'retry_message', 'max_attempts', 'timeout', 'label'],
    answer_type: { 'ui:enumNames': ANSWER_TYPE_LABELS },
    save_as: { 'ui:placeholder': 'answer' },
  },
};
