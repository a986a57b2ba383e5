import type { NodeHandler } from '../../engine/node-handler';

/** Tells the contact (optionally), then leaves the conversation to an agent until hand-back. */
export const handoffHandler: NodeHandler<'handoff'> = {
  enter(config, rt) {
    if (config.message) rt.send({ text: rt.render(config.message) });
    return { kind: 'handoff', note: config.note ? rt.render(config.note) : '' };
  },
};
