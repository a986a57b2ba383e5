import { quote, type NodeDefinition } from '../node-definition';
import { variableDisplayName } from '../variable-names';
import { MATCH_LABELS, OPERATOR_LABELS, OPERATORS_WITHOUT_VALUE, operatorLabel } from './operator-labels';

/** "answer is equal to yes", "answer is empty". */
export function describeComparison(variable: string, operator: string | undefined, value: unknown): string {
  const left = variableDisplayName(variable);
  if (OPERATORS_WITHOUT_VALUE.includes(operator as never)) return `${left} ${operatorLabel(operator)}`;
  return `${left} ${operatorLabel(operator)} ${quote(String(value ?? ''), 30) || '(nothing)'}`;
}

export const conditionDefinition: NodeDefinition<'condition'> = {
  type: 'condition',
  defaults: { operator: '==' },
  summary: (data) => {
    const rules = data.rules ?? [];
    if (rules.length === 1 && rules[0]) return describeComparison(rules[0].variable, rules[0].operator, rules[0].value);
    if (rules.length > 1) return data.match === 'any' ? `At least one of ${rules.length} rules is true` : `All ${rules.length} rules are true`;
    if (!data.variable) return '';
    return describeComparison(data.variable, data.operator, data.value);
  },
  hiddenFields: (data) => (OPERATORS_WITHOUT_VALUE.includes(data.operator ?? '==') ? ['value'] : []),
  uiSchema: {
    'ui:order': ['variable', 'operator', 'value', 'case_sensitive', 'rules', 'match', 'label'],
    // the variable to check, picked by its friendly name from the flow's variables
    variable: { 'ui:placeholder': 'state.answer', 'ui:widget': 'variable' },
    operator: { 'ui:enumNames': OPERATOR_LABELS },
    match: { 'ui:enumNames': MATCH_LABELS },
    rules: { items: { variable: { 'ui:widget': 'variable' }, operator: { 'ui:enumNames': OPERATOR_LABELS } } },
  },
};
