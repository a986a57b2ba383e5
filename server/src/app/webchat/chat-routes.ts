// The public web chat API under /chat/:botId (no staff login): a guest opens a session (a token
// scoped to that one session and bot, expiring) and gets the bot's greeting; each message is
// answered with the replies the bot sent while handling it; later replies are pushed over the
// /chat Socket.IO namespace (chat-socket.ts). Messages go through the runner like every channel's
// (journal, inbox, takeover, consent) and replies through the outbox. Browsers are admitted by the
// bot's allowed origins (CORS); rate limits hold per address and per session.
import cors from 'cors';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { ContactModel, MessageModel } from '../../adapters/mongo/models';
import type { ChatReply } from '../../adapters/webchat/chat-hub';
import { HttpError } from '../http/errors';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import type { AppContext } from '../app-context';
import { createChatLimits } from './chat-limits';
import { originAllowed, type WebChatSettings } from './chat-origins';
import type { ChatSession } from './chat-tokens';
import { chatPage, widgetScript } from './widget-assets';

/** A JSON body of a chat request is small: a message of up to 2,000 characters fits in far less. */
const BODY_LIMIT = '16kb';

type BotDoc = NonNullable<Awaited<ReturnType<AppContext['bots']['doc']>>>;

const replyView = (r: ChatReply) => ({ id: r.id, text: r.text, ...(r.choices?.length ? { choices: r.choices } : {}), ...(r.mediaUrl ? { mediaUrl: r.mediaUrl } : {}), createdAt: r.createdAt });

function storedReply(m: { _id: Types.ObjectId; text: string; choices?: string[] | null; mediaUrl?: string | null; createdAt: Date }): ChatReply {
  return { id: m._id.toString(), text: m.text, ...(m.choices?.length ? { choices: m.choices } : {}), ...(m.mediaUrl ? { mediaUrl: m.mediaUrl } : {}), createdAt: m.createdAt.toISOString() };
}

export function chatRoutes(ctx: AppContext): Router {
  const router = Router();
  const limits = createChatLimits(ctx.config);
  const { hub, tokens } = ctx.chat;

  const botOf = (res: Response) => res.locals.bot as BotDoc;
  const sessionOf = (res: Response) => res.locals.chatSession as ChatSession;

  /** The bot whose chat this is: unknown, or with web chat turned off, is 404. */
  async function chatBot(req: Request, res: Response, next: NextFunction) {
    const botId = param(req, 'botId');
    const bot = Types.ObjectId.isValid(botId) ? await ctx.bots.doc(botId) : null;
    if (!bot) throw new HttpError(404, `There is no bot ${botId}`);
    if ((bot.webchat as WebChatSettings | undefined)?.enabled === false) throw new HttpError(404, "This bot's web chat is turned off");
    res.locals.bot = bot;
    next();
  }

  // browsers: only the bot's allowed origins get CORS headers, and their requests are refused outright
  const chatCors = cors((req, callback) => {
    const allowed = originAllowed((req as Request).res?.locals.bot?.webchat, req.headers.origin, ctx.config.publicUrl);
    callback(null, { origin: allowed, methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type'], maxAge: 600 });
  });
  function refuseOtherSites(req: Request, res: Response, next: NextFunction) {
    if (!originAllowed(botOf(res).webchat as WebChatSettings | undefined, req.get('origin'), ctx.config.publicUrl)) {
      throw new HttpError(403, `This site (${req.get('origin')}) may not use this bot's web chat: add it to the bot's allowed origins`);
    }
    next();
  }

  /** The guest's token: for this bot, unexpired, signed by this deployment; else 401. */
  async function guest(req: Request, res: Response, next: NextFunction) {
    const header = req.get('authorization');
    const token = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    const checked = await tokens.check(token, ctx.now());
    if (!checked.ok) {
      const why = { missing: 'Open a chat session first (POST /chat/:botId/sessions) and send its token as a Bearer', expired: 'This chat session has expired: open a new one', invalid: 'This chat token is not valid' };
      throw new HttpError(401, why[checked.reason]);
    }
    if (checked.session.botId !== botOf(res)._id.toString()) throw new HttpError(401, 'This chat token belongs to another bot');
    res.locals.chatSession = checked.session;
    next();
  }

  const json = express.json({ limit: BODY_LIMIT });
  function body(req: Request, res: Response, next: NextFunction) {
    json(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        return next(new HttpError(413, 'The message is too large: a chat request carries at most 16 KB (a message of up to 2,000 characters)'));
      }
      next(err);
    });
  }

  router.use('/:botId', chatBot, chatCors);

  router.get('/:botId/widget.js', (_req, res) => {
    // loaded by <script> tags on other sites: allowed across origins, cached briefly
    res.set({ 'content-type': 'text/javascript; charset=utf-8', 'cross-origin-resource-policy': 'cross-origin', 'cache-control': 'public, max-age=300' });
    res.send(widgetScript(ctx.config.widgetFile));
  });

  router.get('/:botId', (_req, res) => {
    const bot = botOf(res);
    const page = chatPage(bot._id.toString(), (bot.webchat as WebChatSettings | undefined)?.title || bot.name, bot.webchat as WebChatSettings | undefined);
    res.removeHeader('x-frame-options');
    res.set({ 'content-security-policy': page.csp }).type('html').send(page.html);
  });

  router.post('/:botId/sessions', refuseOtherSites, limits.sessions, body, async (req, res) => {
    const bot = botOf(res);
    const input = parseBody('chat-session', req.body ?? {});
    const botId = bot._id.toString();
    if (!(await ctx.catalog.resolveVersion(botId, 'published'))) throw new HttpError(409, 'This bot has not been published yet: there is nobody to chat with');
    const sessionId = ctx.newId();
    const name = input.name?.trim();
    const attributes = name ? { name, first_name: name.split(/\s+/)[0] } : {};
    await ContactModel.create({ botId: bot._id, channel: 'webchat', address: sessionId, attributes });
    const { token, expiresAt } = await tokens.issue(botId, sessionId, ctx.now());
    const greeting = hub.collectGreeting(sessionId);
    let replies: ChatReply[];
    try {
      // the guest opening the chat is the contact starting it: the flow runs from its start with no message
      await ctx.runner.start({ botId, channel: 'webchat', address: sessionId }, { origin: { kind: 'contact', by: 'a web chat guest' }, startKey: `webchat:${sessionId}` });
    } finally {
      replies = greeting.stop();
    }
    const title = (bot.webchat as WebChatSettings | undefined)?.title || bot.name;
    res.status(201).json({ token, sessionId, expiresAt, title, replies: replies.map(replyView) });
  });

  router.post('/:botId/messages', refuseOtherSites, guest, limits.messagesPerSession, limits.messagesPerAddress, body, async (req, res) => {
    const input = parseBody('chat-message', req.body);
    const { sessionId } = sessionOf(res);
    const receipt = await ctx.runner.receive({
      botId: botOf(res)._id.toString(),
      channel: 'webchat',
      address: sessionId,
      text: input.text,
      ...(input.clientMessageId ? { providerId: `${sessionId}:${input.clientMessageId}` } : {}),
      flowSource: 'published',
    });
    if (receipt.duplicate && !receipt.unhandled) {
      // sent again (a retry after a dropped connection): the same replies, from the transcript
      const replies = await MessageModel.find({ inReplyTo: receipt.messageId, direction: 'out' }).sort({ createdAt: 1, _id: 1 }).lean();
      return void res.json({ replies: replies.map((m) => replyView(storedReply(m))) });
    }
    const collector = hub.collectReplies(receipt.messageId);
    let replies: ChatReply[];
    try {
      await ctx.runner.processUntil(receipt.contactId, receipt.messageId);
    } finally {
      replies = collector.stop();
    }
    res.json({ replies: replies.map(replyView) });
  });

  // the session's transcript: what a reloaded page shows, and anything a closed socket missed
  router.get('/:botId/messages', refuseOtherSites, guest, async (_req, res) => {
    const contact = await ContactModel.findOne({ botId: botOf(res)._id, channel: 'webchat', address: sessionOf(res).sessionId }, { _id: 1 }).lean();
    const messages = contact ? await MessageModel.find({ contactId: contact._id, status: { $ne: 'suppressed' } }).sort({ createdAt: 1, _id: 1 }).limit(500).lean() : [];
    res.json({
      messages: messages.map((m) => ({ ...replyView(storedReply(m)), direction: m.direction, sentBy: m.sentBy })),
    });
  });

  return router;
}
