import { quote, type NodeDefinition } from '../node-definition';
import { TryReplyBox } from './TryReplyBox';

export const aiReplyDefinition: NodeDefinition<'ai_reply'> = {
  type: 'ai_reply',
  defaults: { instructions: 'You answer for our business. Be brief and friendly.' },
  summary: (data) => {
    const facts = data.knowledge?.trim() ? `${data.knowledge.trim().split(/\n\s*\n/).length} facts` : 'no knowledge yet';
    return [quote(data.instructions, 40), facts].filter(Boolean).join(' · ');
  },
  uiSchema: {
    'ui:order': ['instructions', 'knowledge', 'fallback', 'history_turns', 'save_as', 'timeout_ms', 'label'],
    knowledge: { 'ui:widget': 'textarea', 'ui:options': { rows: 8 }, 'ui:placeholder': 'Q: When are you open?\nA: Monday to Friday, 8am to 6pm.\n\nQ: How much is a check-up?\nA: $60.' },
    fallback: { 'ui:placeholder': "I'm not sure — let me get someone to help." },
  },
  TryBox: TryReplyBox,
};
