import type { NodeDefinition } from '../node-definition';
import { flowNameOf } from './flow-names';

export const jumpDefinition: NodeDefinition<'jump'> = {
  type: 'jump',
  defaults: { flow_id: '' },
  summary: (data) => {
    if (!data.flow_id) return 'Choose a flow';
    const name = flowNameOf(data.flow_id);
    return name ? `Continues in “${name}”` : 'A flow that no longer exists';
  },
  uiSchema: { 'ui:order': ['flow_id', 'label'] },
};
