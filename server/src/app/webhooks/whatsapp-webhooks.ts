// Meta's webhooks for the WhatsApp Cloud API. GET answers Meta's verification handshake; POST
// carries messages and delivery statuses, signed with the app secret over the raw body
// (X-Hub-Signature-256), which is checked before any work. Messages are stored (once per wamid)
// before the 200, so a failure there makes Meta retry; the bot's replies follow in the background.
import { Router, type Request } from 'express';
import { Types } from 'mongoose';
import { parseWebhookPayload, sameSecret, verifyMetaSignature } from '../../adapters/whatsapp/webhook-payload';
import { HttpError } from '../http/errors';
import { param } from '../http/params';
import { reportDeliveryStatus } from './delivery-report';
import type { InboundReceipt } from '../../runtime/inbox';
import type { AppContext } from '../app-context';
import { rawBody } from './raw-body';

export function whatsappWebhooks(ctx: AppContext): Router {
  const router = Router();

  /** The bot from the cache; `fresh` reads it again (a secret changed by another process a moment ago). */
  async function connectedBot(req: Request, fresh = false) {
    const botId = param(req, 'botId');
    if (fresh) ctx.bots.forget(botId);
    const bot = Types.ObjectId.isValid(botId) ? await ctx.bots.doc(botId) : null;
    const channel = bot?.channels?.whatsapp;
    return bot && channel ? { bot, channel } : null;
  }

  router.get('/whatsapp/:botId', async (req, res) => {
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

  router.post('/whatsapp/:botId', async (req, res) => {
    const raw = rawBody(req);
    const signed = (f: Awaited<ReturnType<typeof connectedBot>>) => Boolean(f && raw && verifyMetaSignature(raw, req.get('x-hub-signature-256'), ctx.secrets.open(f.channel.appSecretEnc)));
    let found = await connectedBot(req);
    if (!signed(found)) found = await connectedBot(req, true);
    if (!found || !signed(found)) throw new HttpError(403, 'Invalid X-Hub-Signature-256');
    const { bot, channel } = found;
    const botId = bot._id.toString();
    // one app may send several numbers' traffic to this URL: only this bot's number is ours
    const ours = (item: { phoneNumberId?: string }) => !item.phoneNumberId || item.phoneNumberId === channel.phoneNumberId;
    const { messages, statuses } = parseWebhookPayload(req.body);
    const receipts: InboundReceipt[] = [];
    for (const message of messages.filter(ours)) {
      receipts.push(
        await ctx.runner.receive({
            botId,
            channel: 'whatsapp',
            address: `+${message.from.replace(/\D/g, '')}`,
            text: message.text,
            mediaUrl: message.mediaUrl,
            providerId: message.id,
            provider: 'meta',
            flowSource: 'published',
            profile: message.profileName ? { first_name: message.profileName } : undefined,
        }),
      );
    }
    for (const status of statuses.filter(ours)) {
      // statuses only move forward; a message that did not arrive (131047: the 24-hour window) shows in the journal
      await reportDeliveryStatus(ctx, bot._id, status.id, status.status, status.errorCode);
    }
    res.status(200).end();
    for (const receipt of receipts) {
      if (receipt.duplicate && !receipt.unhandled) continue;
      ctx.runner
        .processUntil(receipt.contactId, receipt.messageId)
        .catch((err: unknown) => ctx.log('processing an inbound message failed', { error: String(err) }));
    }
  });
  return router;
}
