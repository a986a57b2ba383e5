import type { NodeHandler } from '../../engine/node-handler';

export const sendMessageHandler: NodeHandler<'send_message'> = {
  enter(config, rt) {
    const text = rt.render(config.text ?? '');
    const mediaUrl = config.media_url ? rt.render(config.media_url) : undefined;
    rt.send(mediaUrl ? { text, mediaUrl } : { text });
    return { kind: 'next', handle: 'out' };
  },
};
