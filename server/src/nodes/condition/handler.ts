import type { ConditionConfig, Rule } from '@botloom/shared';
import { compare } from '../../engine/conditions';
import type { NodeHandler, NodeRuntime } from '../../engine/node-handler';

function holds(rule: Rule, caseSensitive: boolean, rt: NodeRuntime): boolean {
  const right = typeof rule.value === 'string' ? rt.render(rule.value) : rule.value;
  return compare({ left: rt.get(rule.variable), operator: rule.operator, right, caseSensitive });
}

/** A single comparison (ChatBoost style) or several rules joined by all/any. */
function rulesOf(config: ConditionConfig): Rule[] {
  if (config.rules && config.rules.length > 0) return config.rules;
  if (config.variable && config.operator) return [{ variable: config.variable, operator: config.operator, value: config.value }];
  return [];
}

export const conditionHandler: NodeHandler<'condition'> = {
  enter(config, rt) {
    const rules = rulesOf(config);
    const caseSensitive = config.case_sensitive === true;
    const result =
      rules.length > 0 && (config.match === 'any' ? rules.some((r) => holds(r, caseSensitive, rt)) : rules.every((r) => holds(r, caseSensitive, rt)));
    return { kind: 'next', handle: result ? 'true' : 'false' };
  },
};
