// Twilio's webhooks. The signature (HMAC-SHA1 over PUBLIC_URL + path + sorted POST params) is
// checked before any work; the answer goes out at once and the bot's reply follows through the
// REST API, because Twilio gives up after 15 s and retries.
import { Router, type Request } from 'express';
import { Types } from 'mongoose';
import { isValidTwilioSignature } from '../../adapters/twilio/twilio-signature';
import { HttpError } from '../http/errors';
import { param } from '../http/params';
import { reportDeliveryStatus } from './delivery-report';
import type { AppContext } from '../app-context';

export function twilioWebhooks(ctx: AppContext): Router {
  const router = Router();

  async function verified(req: Request) {
    const botId = param(req, 'botId');
    const signature = req.get('x-twilio-signature');
    const url = ctx.config.publicUrl + req.originalUrl;
    const params = (req.body ?? {}) as Record<string, string>;
    // the bot comes from the cache; a signature that fails is checked once more against a fresh read
    // (the auth token may have been changed by another process a moment ago)
    for (const fresh of [false, true]) {
      if (fresh) ctx.bots.forget(botId);
      const bot = Types.ObjectId.isValid(botId) ? await ctx.bots.doc(botId) : null;
      const channel = bot?.channels?.twilio;
      if (!bot || !channel || !signature) continue;
      if (isValidTwilioSignature(ctx.secrets.open(channel.authTokenEnc), signature, url, params)) return { bot, params };
    }
    throw new HttpError(403, 'Invalid Twilio signature');
  }

  router.post('/twilio/:botId/messages', async (req, res) => {
    const { bot, params } = await verified(req);
    const from = String(params.From ?? '');
    const isWhatsApp = from.startsWith('whatsapp:');
    const receipt = await ctx.runner.receive({
        botId: bot._id.toString(),
        channel: isWhatsApp ? 'whatsapp' : 'sms',
        address: isWhatsApp ? from.slice('whatsapp:'.length) : from,
        text: String(params.ButtonPayload ?? params.Body ?? ''),
        mediaUrl: params.MediaUrl0 || undefined,
        providerId: String(params.MessageSid ?? params.SmsMessageSid ?? ''),
        flowSource: 'published',
        provider: 'twilio',
        profile: params.ProfileName ? { first_name: String(params.ProfileName) } : undefined,
    });
    res.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    if (receipt.duplicate && !receipt.unhandled) return;
    ctx.runner.processUntil(receipt.contactId, receipt.messageId).catch((err: unknown) => ctx.log('processing an inbound message failed', { error: String(err) }));
  });

  router.post('/twilio/:botId/status', async (req, res) => {
    const { bot, params } = await verified(req);
    const status = String(params.MessageStatus ?? params.SmsStatus ?? '');
    const sid = String(params.MessageSid ?? '');
    // callbacks may arrive out of order: a status only moves forward
    const errorCode = params.ErrorCode ? String(params.ErrorCode) : undefined;
    res.status(204).end();
    await reportDeliveryStatus(ctx, bot._id, sid, status, errorCode);
  });
  return router;
}
