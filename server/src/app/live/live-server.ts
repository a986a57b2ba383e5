// Live events over Socket.IO on the server's own port. The handshake must carry a valid token
// (auth.token, a bearer header or the session cookie); clients then subscribe to a bot and/or
// one conversation and receive only those events.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Types } from 'mongoose';
import { BotModel, ConversationModel } from '../../adapters/mongo/models';
import { can } from '../auth/permissions';
import { userForCredential } from '../auth/credentials';
import type { AuthUser } from '../auth/sessions';
import { SESSION_COOKIE } from '../auth/middleware';
import type { LiveEvent } from '../../ports/live';

type Ack = (answer: { ok: boolean; error?: string }) => void;

function tokenFromHandshake(handshake: { auth?: Record<string, unknown>; headers: Record<string, string | string[] | undefined> }): string | undefined {
  if (typeof handshake.auth?.token === 'string') return handshake.auth.token;
  const header = handshake.headers.authorization;
  if (typeof header === 'string' && header.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  const cookie = typeof handshake.headers.cookie === 'string' ? handshake.headers.cookie : '';
  const match = cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(SESSION_COOKIE.length + 1)) : undefined;
}

export const botRoom = (botId: string) => `bot:${botId}`;
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;

export interface LiveServer {
  io: Server;
  close(): Promise<void>;
}

/** With several server processes, Redis carries each process's events to the watchers of all. */
async function useRedis(io: Server, redisUrl: string): Promise<() => Promise<void>> {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}

export async function attachLiveServer(
  httpServer: HttpServer,
  opts: { now(): Date; subscribe(fn: (e: LiveEvent) => void): () => void; redisUrl?: string },
): Promise<LiveServer> {
  const io = new Server(httpServer, { serveClient: false, cors: { origin: false } });
  const closeRedis = opts.redisUrl ? await useRedis(io, opts.redisUrl) : async () => undefined;

  io.use((socket, next) => {
    const token = tokenFromHandshake(socket.handshake as never);
    if (!token) return next(new Error('unauthorized'));
    userForCredential(token, opts.now(), socket.handshake.address ?? '')
      .then((user) => {
        if (!user) return next(new Error('unauthorized'));
        socket.data.user = user;
        next();
      })
      .catch(() => next(new Error('unauthorized')));
  });

  io.on('connection', (socket) => {
    socket.on('subscribe', async (request: { botId?: unknown; conversationId?: unknown } | undefined, ack?: Ack) => {
      const reply: Ack = typeof ack === 'function' ? ack : () => undefined;
      const user = socket.data.user as AuthUser;
      if (!can(user.role, 'conversations:read')) return reply({ ok: false, error: 'forbidden' });
      const botId = typeof request?.botId === 'string' ? request.botId : undefined;
      const conversationId = typeof request?.conversationId === 'string' ? request.conversationId : undefined;
      if (!botId && !conversationId) return reply({ ok: false, error: 'give a botId and/or a conversationId' });
      try {
        if (botId) {
          if (!Types.ObjectId.isValid(botId) || !(await BotModel.exists({ _id: botId }))) return reply({ ok: false, error: 'no such bot' });
          await socket.join(botRoom(botId));
        }
        if (conversationId) {
          if (!Types.ObjectId.isValid(conversationId) || !(await ConversationModel.exists({ _id: conversationId }))) return reply({ ok: false, error: 'no such conversation' });
          await socket.join(conversationRoom(conversationId));
        }
        reply({ ok: true });
      } catch {
        reply({ ok: false, error: 'subscription failed' });
      }
    });
    socket.on('unsubscribe', async (request: { botId?: unknown; conversationId?: unknown } | undefined, ack?: Ack) => {
      if (typeof request?.botId === 'string') await socket.leave(botRoom(request.botId));
      if (typeof request?.conversationId === 'string') await socket.leave(conversationRoom(request.conversationId));
      if (typeof ack === 'function') ack({ ok: true });
    });
  });

  // every event of this process goes to the watchers of its bot and of its conversation
  const unsubscribe = opts.subscribe((event) => {
    const { type, ...payload } = event;
    const rooms = [botRoom(event.botId)];
    if ('conversationId' in event && event.conversationId) rooms.push(conversationRoom(event.conversationId));
    io.to(rooms).emit(type, payload);
  });
  return {
    io,
    async close() {
      unsubscribe();
      await io.close();
      await closeRedis();
    },
  };
}
