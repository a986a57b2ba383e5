import type { NodeHandler } from '../../engine/node-handler';
import { windowDecision } from './window';

export const sendMessageHandler: NodeHandler<'send_message'> = {
  enter(config, rt) {
    const text = rt.render(config.text ?? '');
    const mediaUrl = config.media_url ? rt.render(config.media_url) : undefined;
    const window = windowDecision(config.template, rt);
    if (window.kind === 'closed') {
      // never a silent drop: the builder's "failed" exit if connected, else the conversation fails
      return rt.isConnected('failed')
        ? { kind: 'next', handle: 'failed' }
        : { kind: 'end', status: 'failed', reason: window.reason };
    }
    rt.send({ text, ...(mediaUrl ? { mediaUrl } : {}), ...(window.kind === 'template' ? { template: window.template } : {}) });
    return { kind: 'next', handle: 'out' };
  },
};
