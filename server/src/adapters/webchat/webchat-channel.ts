// The web chat "provider": a reply is handed to the HTTP request waiting for it, or pushed to the
// session's sockets (adapters/webchat/chat-hub.ts). A web chat contact's address is its session id.
import type { ChannelPort } from '../../ports/channel';
import type { ChatHub } from './chat-hub';

export function createWebChatChannel(hub: ChatHub): ChannelPort {
  return {
    async send(message) {
      const reply = {
        id: message.messageId,
        text: message.text,
        ...(message.choices?.length ? { choices: message.choices } : {}),
        ...(message.mediaUrl ? { mediaUrl: message.mediaUrl } : {}),
        createdAt: (message.createdAt ?? new Date()).toISOString(),
      };
      // in an answer: the guest has it now; pushed: on its way to whichever tab is open
      return { status: hub.deliver(message.to, message.inReplyTo, reply) === 'answer' ? 'delivered' : 'sent' };
    },
  };
}
