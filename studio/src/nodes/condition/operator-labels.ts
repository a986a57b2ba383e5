// The words a builder reads for each comparison. The JSON keeps the engine's names (==,
// is_empty, regex...); the settings form and the step's card both read this map.
import type { Operator } from '@botloom/shared';

export const OPERATOR_LABELS: Readonly<Record<Operator, string>> = {
  '==': 'is equal to',
  '!=': 'is not equal to',
  '>': 'is greater than',
  '>=': 'is greater than or equal to',
  '<': 'is less than',
  '<=': 'is less than or equal to',
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  regex: 'matches the pattern',
  is_empty: 'is empty',
  in: 'is one of',
};

export const MATCH_LABELS: Readonly<Record<'all' | 'any', string>> = {
  all: 'every rule is true',
  any: 'at least one rule is true',
};

/** Comparisons that need no value to compare with. */
export const OPERATORS_WITHOUT_VALUE: readonly Operator[] = ['is_empty'];

export function operatorLabel(operator: string | undefined): string {
  return OPERATOR_LABELS[(operator ?? '==') as Operator] ?? operator ?? '';
}
