// The words a builder reads for each comparison, wherever one is shown (the condition step, a
// trigger's conditions). The JSON keeps the engine's names (==, is_empty, regex...).
import type { Operator } from './generated/node-configs';

export const OPERATOR_WORDS: Readonly<Record<Operator, string>> = {
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
