// The words a builder reads for each comparison. The JSON keeps the engine's names (==,
// is_empty, regex...); the settings form and the step's card both read this map.
import { OPERATOR_WORDS, type Operator } from '@botloom/shared';

/** One source for the words: shared, so a trigger's conditions read the same. */
export const OPERATOR_LABELS = OPERATOR_WORDS;

export const MATCH_LABELS: Readonly<Record<'all' | 'any', string>> = {
  all: 'every rule is true',
  any: 'at least one rule is true',
};

/** Comparisons that need no value to compare with. */
export const OPERATORS_WITHOUT_VALUE: readonly Operator[] = ['is_empty'];

export function operatorLabel(operator: string | undefined): string {
  return OPERATOR_LABELS[(operator ?? '==') as Operator] ?? operator ?? '';
}
