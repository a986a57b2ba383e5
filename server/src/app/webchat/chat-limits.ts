// Rate limits of the public chat endpoints (express-rate-limit): new sessions per address, and
// messages per session and per address, so one guest cannot flood a bot and one address cannot
// open sessions to get around the per-session limit. Counters live in each process's memory: with
// several processes behind a balancer the limits hold per process.
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import type { ChatSession } from './chat-tokens';

const address = (req: Request) => ipKeyGenerator(req.ip ?? '');

function limiter(windowMs: number, limit: number, key: (req: Request) => string, error: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    handler: (_req, res) => void res.status(429).json({ error }),
  });
}

export interface ChatLimits {
  sessions: RequestHandler;
  messagesPerSession: RequestHandler;
  messagesPerAddress: RequestHandler;
}

export function createChatLimits(config: Config): ChatLimits {
  return {
    sessions: limiter(10 * 60_000, config.chatSessionsPer10Min, (req) => `sessions:${address(req)}`, 'Too many new chats from this address: wait a few minutes and try again'),
    messagesPerSession: limiter(
      60_000,
      config.chatMessagesPerMin,
      (req) => `session:${(req.res?.locals.chatSession as ChatSession | undefined)?.sessionId ?? address(req)}`,
      'Too many messages in this chat: wait a minute and try again',
    ),
    messagesPerAddress: limiter(60_000, config.chatMessagesPerMinPerAddress, (req) => `address:${address(req)}`, 'Too many messages from this address: wait a minute and try again'),
  };
}
