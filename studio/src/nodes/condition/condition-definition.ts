import { type NodeDefinition } from '../node-definition';

export const conditionDefinition: NodeDefinition<'condition'> = {
  type: 'condition',
  defaults: { operator: '==' },
  summary: (data) => {
    if (data.rules && data.rules.length > 0) return `${data.rules.length} rules (${data.match ?? 'all'})`;
    if (!data.variable) return '';
    return data.operator === 'is_empty'
      ? `${data.variable} is empty`
      : `${data.variable} ${data.operator ?? '=='} ${String(data.value ?? '')}`;
  },
  uiSchema: {
    'ui:order': ['variable', 'operator', 'value', 'case_sensitive', 'rules', 'match', 'label'],
    variable: { 'ui:placeholder': 'state.answer' },
  },
};
