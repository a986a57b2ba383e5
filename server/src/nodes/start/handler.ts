import type { NodeHandler } from '../../engine/node-handler';

export const startHandler: NodeHandler<'start'> = {
  enter: () => ({ kind: 'next', handle: 'out' }),
};
