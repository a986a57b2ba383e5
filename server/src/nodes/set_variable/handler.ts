import type { NodeHandler } from '../../engine/node-handler';

export const setVariableHandler: NodeHandler<'set_variable'> = {
  enter(config, rt) {
    rt.set(config.name, rt.renderValue(config.value));
    return { kind: 'next', handle: 'out' };
  },
};
