import { quote, type NodeDefinition } from '../node-definition';

export const setVariableDefinition: NodeDefinition<'set_variable'> = {
  type: 'set_variable',
  defaults: {},
  summary: (data) => (data.name ? `${data.name} = ${quote(data.value, 40)}` : ''),
  uiSchema: { 'ui:order': ['name', 'value', 'label'], name: { 'ui:placeholder': 'state.plan' } },
};
