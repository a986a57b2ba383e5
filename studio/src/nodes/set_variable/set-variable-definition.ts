import { quote, type NodeDefinition } from '../node-definition';
import { variableDisplayName } from '../variable-names';

export const setVariableDefinition: NodeDefinition<'set_variable'> = {
  type: 'set_variable',
  defaults: {},
  summary: (data) => (data.name ? `Sets ${variableDisplayName(data.name)} to "${quote(data.value, 40)}"` : ''),
  uiSchema: { 'ui:order': ['name', 'value', 'label'], name: { 'ui:placeholder': 'plan' } },
};
