// Provider credentials: sealed at rest, masked in every answer, every change audited.
import { Router } from 'express';
import { BotModel } from '../../adapters/mongo/models';
import { mask } from '../../adapters/crypto/secret-box';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { loadBot } from '../services/bot-service';
import type { AppContext } from '../app-context';

export function channelRoutes(ctx: AppContext): Router {
  const router = Router();

  function channelsView(botId: string, twilio: { accountSid: string; authTokenEnc: string; from?: string | null; whatsappFrom?: string | null; updatedAt: Date } | null | undefined) {
    const base = `${ctx.config.publicUrl}/webhooks/twilio/${botId}`;
    return {
      twilio: twilio
        ? {
            connected: true,
            accountSid: twilio.accountSid,
            authToken: mask(ctx.secrets.open(twilio.authTokenEnc)),
            from: twilio.from ?? '',
            whatsappFrom: twilio.whatsappFrom ?? '',
            updatedAt: twilio.updatedAt,
          }
        : { connected: false },
      webhookUrls: { twilioMessages: `${base}/messages`, twilioStatus: `${base}/status` },
    };
  }

  router.get('/bots/:id/channels', requirePermission('bots:read'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    res.json(channelsView(bot._id.toString(), bot.channels?.twilio));
  });

  router.put('/bots/:id/channels/twilio', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('twilio-channel', req.body);
    const twilio = { accountSid: body.accountSid, authTokenEnc: ctx.secrets.seal(body.authToken), from: body.from, whatsappFrom: body.whatsappFrom ?? '', updatedAt: ctx.now() };
    await BotModel.updateOne({ _id: bot._id }, { $set: { 'channels.twilio': twilio } });
    await audit(req, 'channel.twilio.updated', { type: 'bot', id: bot._id.toString() }, { accountSid: body.accountSid, from: body.from, whatsappFrom: body.whatsappFrom ?? '' });
    res.json(channelsView(bot._id.toString(), twilio));
  });

  router.delete('/bots/:id/channels/twilio', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    await BotModel.updateOne({ _id: bot._id }, { $unset: { 'channels.twilio': 1 } });
    await audit(req, 'channel.twilio.removed', { type: 'bot', id: bot._id.toString() });
    res.status(204).end();
  });
  return router;
}
