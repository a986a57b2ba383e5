// Meta's webhooks for a Facebook page (Messenger). GET answers Meta's verification handshake; POST
// carries messages, postbacks, deliveries and reads, signed with the app secret over the raw body
// (X-Hub-Signature-256), which is checked before any work: a forged or unsigned post gets 403 and
// changes nothing. Messages are stored (once per mid: Meta retries with the same one) before the
// 200, so a failure there makes Meta retry; the bot's replies follow in the background.
import { Router, type Request } from 'express';
import { Types } from 'mongoose';
import { ContactModel } from '../../adapters/mongo/models';
import { applyStatusUpTo } from '../../adapters/mongo/delivery-status';
import { parseMessengerPayload, type MessengerReceipt } from '../../adapters/messenger/webhook-payload';
import { sameSecret, verifyMetaSignature } from '../../adapters/whatsapp/webhook-payload';
import { HttpError } from '../http/errors';
import { param } from '../http/params';
import { reportDeliveryStatus } from './delivery-report';
import type { InboundReceipt } from '../../runtime/inbox';
import type { AppContext } from '../app-context';
import { rawBody } from './raw-body';

export function messengerWebhooks(ctx: AppContext): Router {
  const router = Router();

  /** The bot from the cache; `fresh` reads it again (a secret changed by another process a moment ago). */
  async function connectedBot(req: Request, fresh = false) {
    const botId = param(req, 'botId');
    if (fresh) ctx.bots.forget(botId);
    const bot = Types.ObjectId.isValid(botId) ? await ctx.bots.doc(botId) : null;
    const channel = bot?.channels?.messenger;
    return bot && channel ? { bot, channel } : null;
  }

  /** Delivered and read receipts: by the mids Meta lists, else everything sent to the contact up to the watermark. */
  async function receipt(botId: Types.ObjectId, r: MessengerReceipt): Promise<void> {
    if (r.kind === 'delivered' && r.mids.length > 0) {
      for (const mid of r.mids) await reportDeliveryStatus(ctx, botId, mid, 'delivered');
      return;
    }
    if (r.watermark === undefined) return;
    const contact = await ContactModel.findOne({ botId, channel: 'messenger', address: r.psid }, { _id: 1 }).lean();
    if (!contact) return;
    for (const message of await applyStatusUpTo(botId, contact._id, r.kind, new Date(r.watermark))) {
      ctx.live.publish({ type: 'message.status', botId: botId.toString(), conversationId: message.conversationId, messageId: message.id, status: r.kind });
    }
  }

  router.get('/messenger/:botId', async (req, res) => {
    const found = await connectedBot(req, true);
    const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = req.query;
    const ok =
      found &&
      mode === 'subscribe' &&
      typeof token === 'string' &&
      typeof challenge === 'string' &&
      sameSecret(token, ctx.secrets.open(found.channel.verifyTokenEnc));
    if (!ok) throw new HttpError(403, 'Verification failed: wrong mode or verify token');
    res.type('text/plain').send(challenge);
  });

  router.post('/messenger/:botId', async (req, res) => {
    const raw = rawBody(req);
    const signed = (f: Awaited<ReturnType<typeof connectedBot>>) => Boolean(f && raw && verifyMetaSignature(raw, req.get('x-hub-signature-256'), ctx.secrets.open(f.channel.appSecretEnc)));
    let found = await connectedBot(req);
    if (!signed(found)) found = await connectedBot(req, true);
    if (!found || !signed(found)) throw new HttpError(403, 'Invalid X-Hub-Signature-256');
    const { bot, channel } = found;
    const botId = bot._id.toString();
    // one app may send several pages' traffic to this URL: only this bot's page is ours
    const ours = (item: { pageId?: string }) => !item.pageId || item.pageId === channel.pageId;
    const { messages, receipts } = parseMessengerPayload(req.body);
    const received: InboundReceipt[] = [];
    for (const message of messages.filter(ours)) {
      received.push(
        await ctx.runner.receive({
          botId,
          channel: 'messenger',
          address: message.psid,
          text: message.text,
          mediaUrl: message.mediaUrl,
          providerId: message.id,
          flowSource: 'published',
        }),
      );
    }
    for (const r of receipts.filter(ours)) await receipt(bot._id, r);
    res.status(200).end();
    for (const r of received) {
      if (r.duplicate && !r.unhandled) continue;
      ctx.runner.processUntil(r.contactId, r.messageId).catch((err: unknown) => ctx.log('processing an inbound message failed', { error: String(err) }));
    }
  });
  return router;
}
