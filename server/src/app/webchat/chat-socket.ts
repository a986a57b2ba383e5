// The /chat Socket.IO namespace: a guest's widget connects with its chat token (handshake
// auth.token) and receives `message` {id, text, choices?, mediaUrl?, createdAt} for the replies no
// request was waiting for (after a wait, a webhook, an agent's message), for its own session only.
// Staff sockets live in the default namespace and never see these; guests never see staff events.
import type { Server } from 'socket.io';
import type { ChatHub } from '../../adapters/webchat/chat-hub';
import type { BotCache } from '../../adapters/mongo/mongo-catalog';
import { originAllowed, type WebChatSettings } from './chat-origins';
import type { ChatSession, ChatTokens } from './chat-tokens';

export const sessionRoom = (sessionId: string) => `chat-session:${sessionId}`;

export function attachChatNamespace(io: Server, deps: { hub: ChatHub; tokens: ChatTokens; bots: BotCache; now(): Date; publicUrl: string }): void {
  const chat = io.of('/chat');
  chat.use((socket, next) => {
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
    const origin = typeof socket.handshake.headers.origin === 'string' ? socket.handshake.headers.origin : undefined;
    deps.tokens
      .check(token, deps.now())
      .then(async (checked) => {
        if (!checked.ok) return next(new Error(checked.reason === 'expired' ? 'expired' : 'unauthorized'));
        const bot = await deps.bots.doc(checked.session.botId);
        const settings = bot?.webchat as WebChatSettings | undefined;
        if (!bot || settings?.enabled === false || !originAllowed(settings, origin, deps.publicUrl)) return next(new Error('unauthorized'));
        socket.data.chatSession = checked.session;
        next();
      })
      .catch(() => next(new Error('unauthorized')));
  });
  chat.on('connection', (socket) => {
    void socket.join(sessionRoom((socket.data.chatSession as ChatSession).sessionId));
  });
  // the room reaches the session's sockets on every process (Socket.IO's Redis adapter, when set)
  deps.hub.onPush((sessionId, reply) => chat.to(sessionRoom(sessionId)).emit('message', reply));
}
