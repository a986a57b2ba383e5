import type { NodeDefinition } from '../node-definition';

export const startDefinition: NodeDefinition<'start'> = {
  type: 'start',
  defaults: {},
  summary: () => 'Every conversation begins here',
};
