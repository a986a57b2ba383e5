import type { NodeDefinition } from '../node-definition';

export const endDefinition: NodeDefinition<'end'> = {
  type: 'end',
  defaults: {},
  summary: () => 'The conversation ends',
};
