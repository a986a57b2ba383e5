// Twilio's webhooks. The signature (HMAC-SHA1 over PUBLIC_URL + path + sorted POST params) is
// checked before any work; the answer goes out at once and the bot's reply follows through the
// REST API, because Twilio gives up after 15 s and retries.
import { Router, type Request } from 'express';
import twilio from 'twilio';
import { Types } from 'mongoose';
import { BotModel, MessageModel, MESSAGE_STATUSES } from '../../adapters/mongo/models';
import { HttpError } from '../http/errors';
import { param } from '../http/params';
import { receiveInbound } from '../runtime/inbound';
import type { AppContext } from '../app-context';

/** Later statuses never go back to earlier ones: callbacks may arrive out of order. */
export const STATUS_RANK: Record<string, number> = { queued: 0, sending: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3, read: 4 };

export function twilioWebhooks(ctx: AppContext): Router {
  const router = Router();

  async function verified(req: Request) {
    const botId = param(req, 'botId');
    const bot = Types.ObjectId.isValid(botId) ? await BotModel.findById(botId).lean() : null;
    const channel = bot?.channels?.twilio;
    const signature = req.get('x-twilio-signature');
    if (!bot || !channel || !signature) throw new HttpError(403, 'Invalid Twilio signature');
    const url = ctx.config.publicUrl + req.originalUrl;
    const params = (req.body ?? {}) as Record<string, string>;
    if (!twilio.validateRequest(ctx.secrets.open(channel.authTokenEnc), signature, url, params)) throw new HttpError(403, 'Invalid Twilio signature');
    return { bot, params };
  }

  router.post('/twilio/:botId/messages', async (req, res) => {
    const { bot, params } = await verified(req);
    const from = String(params.From ?? '');
    const isWhatsApp = from.startsWith('whatsapp:');
    const receipt = await receiveInbound(
      {
        botId: bot._id.toString(),
        channel: isWhatsApp ? 'whatsapp' : 'sms',
        address: isWhatsApp ? from.slice('whatsapp:'.length) : from,
        text: String(params.ButtonPayload ?? params.Body ?? ''),
        mediaUrl: params.MediaUrl0 || undefined,
        providerId: String(params.MessageSid ?? params.SmsMessageSid ?? ''),
        flowSource: 'published',
        profile: params.ProfileName ? { first_name: String(params.ProfileName) } : undefined,
      },
      ctx.now(),
    );
    res.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    if (receipt.duplicate) return;
    ctx.runner.processUntil(receipt.contactId, receipt.messageId).catch((err: unknown) => ctx.log('processing an inbound message failed', { error: String(err) }));
  });

  router.post('/twilio/:botId/status', async (req, res) => {
    const { bot, params } = await verified(req);
    const status = String(params.MessageStatus ?? params.SmsStatus ?? '');
    const sid = String(params.MessageSid ?? '');
    const rank = STATUS_RANK[status];
    if (sid && rank !== undefined) {
      const lower = MESSAGE_STATUSES.filter((s) => (STATUS_RANK[s] ?? 99) < rank);
      await MessageModel.updateOne(
        { botId: bot._id, providerId: sid, status: { $in: lower } },
        { $set: { status: status as (typeof MESSAGE_STATUSES)[number], ...(params.ErrorCode ? { errorCode: String(params.ErrorCode) } : {}) } },
      );
    }
    res.status(204).end();
  });
  return router;
}
