import type { NodeHandler } from '../../engine/node-handler';

export const endHandler: NodeHandler<'end'> = {
  enter: () => ({ kind: 'end', status: 'completed', reason: 'reached an End node' }),
};
