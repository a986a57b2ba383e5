import type { NodeHandler } from '../../engine/node-handler';

/** Hands the conversation to another flow's Start; the engine finds it in the version being run. */
export const jumpHandler: NodeHandler<'jump'> = {
  enter: (config) => ({ kind: 'jump', flowId: config.flow_id }),
};
