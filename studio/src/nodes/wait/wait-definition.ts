import { type NodeDefinition } from '../node-definition';

export const waitDefinition: NodeDefinition<'wait'> = {
  type: 'wait',
  defaults: { mode: 'duration', duration: 5, unit: 'minutes' },
  summary: (data) => {
    if (data.mode === 'reply') return data.save_as ? `Waits for a reply → ${data.save_as}` : 'Waits for a reply';
    return data.duration ? `Pauses ${data.duration} ${data.unit ?? 'minutes'}` : '';
  },
  hiddenFields: (data) => (data.mode === 'reply' ? ['duration', 'unit'] : ['save_as', 'timeout']),
  uiSchema: { 'ui:order': ['mode', 'duration', 'unit', 'save_as', 'timeout', 'label'] },
};
