import { quote, type NodeDefinition } from '../node-definition';
import { savedAsText } from '../variable-names';
import { TryIntentBox } from './TryIntentBox';

export const aiIntentDefinition: NodeDefinition<'ai_intent'> = {
  type: 'ai_intent',
  defaults: { intents: [{ name: 'book', examples: ['I would like to book an appointment'] }], save_as: 'understood' },
  summary: (data) => {
    const names = (data.intents ?? []).map((i) => i.name).filter(Boolean);
    const asked = quote(data.question, 40);
    return [asked, names.length ? names.join(' · ') : '', savedAsText(data.save_as)].filter(Boolean).join(' · ');
  },
  uiSchema: {
    'ui:order': ['question', 'intents', 'threshold', 'save_as', 'text', 'timeout_ms', 'label'],
    intents: { 'ui:field': 'intents' },
    threshold: { 'ui:widget': 'slider' },
    save_as: { 'ui:placeholder': 'understood' },
    question: { 'ui:placeholder': 'How can I help?' },
  },
  TryBox: TryIntentBox,
};
