import { type NodeDefinition } from '../node-definition';
import { savedAsText } from '../variable-names';

export const WAIT_MODE_LABELS = { duration: 'A set time', reply: "The contact's reply" } as const;

export const waitDefinition: NodeDefinition<'wait'> = {
  type: 'wait',
  defaults: { mode: 'duration', duration: 5, unit: 'minutes' },
  summary: (data) => {
    if (data.mode === 'reply') return ['Waits for a reply', savedAsText(data.save_as)].filter(Boolean).join(' · ');
    return data.duration ? `Pauses ${data.duration} ${data.unit ?? 'minutes'}` : '';
  },
  hiddenFields: (data) => (data.mode === 'reply' ? ['duration', 'unit'] : ['save_as', 'timeout']),
  uiSchema: {
    'ui:order': ['mode', 'duration', 'unit', 'save_as', 'timeout', 'label'],
    mode: { 'ui:enumNames': WAIT_MODE_LABELS },
    save_as: { 'ui:placeholder': 'reply' },
  },
};
