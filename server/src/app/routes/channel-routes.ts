// Provider credentials: sealed at rest, masked in every answer, every change audited.
import { Router } from 'express';
import { BotModel } from '../../adapters/mongo/models';
import { mask } from '../../adapters/crypto/secret-box';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { loadBot } from '../services/bot-service';
import { DEFAULT_PACE } from '../../adapters/twilio/twilio-channel';
import type { AppContext } from '../app-context';
import { normalizeOrigin } from '../webchat/chat-origins';

type TwilioStored = { accountSid: string; authTokenEnc: string; from?: string | null; whatsappFrom?: string | null; smsPerSecond?: number | null; whatsappPerSecond?: number | null; updatedAt: Date };
type WhatsAppStored = { phoneNumberId: string; wabaId?: string | null; accessTokenEnc: string; appSecretEnc: string; verifyTokenEnc: string; updatedAt: Date };
type MessengerStored = { pageId: string; pageAccessTokenEnc: string; appSecretEnc: string; verifyTokenEnc: string; updatedAt: Date };
type Stored = { twilio?: TwilioStored | null; whatsapp?: WhatsAppStored | null; messenger?: MessengerStored | null };

export function channelRoutes(ctx: AppContext): Router {
  const router = Router();

  function webchatView(botId: string, settings: { enabled?: boolean | null; allowedOrigins?: string[] | null; title?: string | null } | null | undefined) {
    const widgetUrl = `${ctx.config.publicUrl}/chat/${botId}/widget.js`;
    return {
      enabled: settings?.enabled !== false,
      allowedOrigins: settings?.allowedOrigins ?? [],
      title: settings?.title ?? '',
      widgetUrl,
      pageUrl: `${ctx.config.publicUrl}/chat/${botId}`,
      snippet: `<script src="${widgetUrl}" async></script>`,
    };
  }

  function channelsView(botId: string, channels: Stored | null | undefined, webchat?: Parameters<typeof webchatView>[1]) {
    const base = `${ctx.config.publicUrl}/webhooks/twilio/${botId}`;
    const { twilio, whatsapp, messenger } = channels ?? {};
    return {
      twilio: twilio
        ? {
            connected: true,
            accountSid: twilio.accountSid,
            authToken: mask(ctx.secrets.open(twilio.authTokenEnc)),
            from: twilio.from ?? '',
            whatsappFrom: twilio.whatsappFrom ?? '',
            smsPerSecond: twilio.smsPerSecond ?? DEFAULT_PACE.sms,
            whatsappPerSecond: twilio.whatsappPerSecond ?? DEFAULT_PACE.whatsapp,
            updatedAt: twilio.updatedAt,
          }
        : { connected: false },
      whatsapp: whatsapp
        ? {
            connected: true,
            phoneNumberId: whatsapp.phoneNumberId,
            wabaId: whatsapp.wabaId ?? '',
            accessToken: mask(ctx.secrets.open(whatsapp.accessTokenEnc)),
            appSecret: mask(ctx.secrets.open(whatsapp.appSecretEnc)),
            verifyToken: mask(ctx.secrets.open(whatsapp.verifyTokenEnc)),
            updatedAt: whatsapp.updatedAt,
          }
        : { connected: false },
      messenger: messenger
        ? {
            connected: true,
            pageId: messenger.pageId,
            pageAccessToken: mask(ctx.secrets.open(messenger.pageAccessTokenEnc)),
            appSecret: mask(ctx.secrets.open(messenger.appSecretEnc)),
            verifyToken: mask(ctx.secrets.open(messenger.verifyTokenEnc)),
            updatedAt: messenger.updatedAt,
          }
        : { connected: false },
      webchat: webchatView(botId, webchat),
      webhookUrls: {
        twilioMessages: `${base}/messages`,
        twilioStatus: `${base}/status`,
        whatsapp: `${ctx.config.publicUrl}/webhooks/whatsapp/${botId}`,
        messenger: `${ctx.config.publicUrl}/webhooks/messenger/${botId}`,
      },
    };
  }

  router.get('/bots/:id/channels', requirePermission('bots:read'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    res.json(channelsView(bot._id.toString(), bot.channels, bot.webchat));
  });

  router.put('/bots/:id/channels/twilio', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('twilio-channel', req.body);
    const twilio = {
      accountSid: body.accountSid,
      authTokenEnc: ctx.secrets.seal(body.authToken),
      from: body.from,
      whatsappFrom: body.whatsappFrom ?? '',
      smsPerSecond: body.smsPerSecond ?? DEFAULT_PACE.sms,
      whatsappPerSecond: body.whatsappPerSecond ?? DEFAULT_PACE.whatsapp,
      updatedAt: ctx.now(),
    };
    await BotModel.updateOne({ _id: bot._id }, { $set: { 'channels.twilio': twilio } });
    await audit(req, 'channel.twilio.updated', { type: 'bot', id: bot._id.toString() }, { accountSid: body.accountSid, from: body.from, whatsappFrom: body.whatsappFrom ?? '', smsPerSecond: twilio.smsPerSecond, whatsappPerSecond: twilio.whatsappPerSecond });
    res.json(channelsView(bot._id.toString(), { ...bot.channels, twilio }, bot.webchat));
  });

  router.delete('/bots/:id/channels/twilio', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    await BotModel.updateOne({ _id: bot._id }, { $unset: { 'channels.twilio': 1 } });
    await audit(req, 'channel.twilio.removed', { type: 'bot', id: bot._id.toString() });
    res.status(204).end();
  });

  router.put('/bots/:id/channels/whatsapp', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('whatsapp-channel', req.body);
    const whatsapp = {
      phoneNumberId: body.phoneNumberId,
      wabaId: body.wabaId ?? '',
      accessTokenEnc: ctx.secrets.seal(body.accessToken),
      appSecretEnc: ctx.secrets.seal(body.appSecret),
      verifyTokenEnc: ctx.secrets.seal(body.verifyToken),
      updatedAt: ctx.now(),
    };
    await BotModel.updateOne({ _id: bot._id }, { $set: { 'channels.whatsapp': whatsapp } });
    await audit(req, 'channel.whatsapp.updated', { type: 'bot', id: bot._id.toString() }, { phoneNumberId: body.phoneNumberId, wabaId: body.wabaId ?? '' });
    res.json(channelsView(bot._id.toString(), { ...bot.channels, whatsapp }, bot.webchat));
  });

  router.delete('/bots/:id/channels/whatsapp', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    await BotModel.updateOne({ _id: bot._id }, { $unset: { 'channels.whatsapp': 1 } });
    await audit(req, 'channel.whatsapp.removed', { type: 'bot', id: bot._id.toString() });
    res.status(204).end();
  });
  router.put('/bots/:id/channels/messenger', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('messenger-channel', req.body);
    const messenger = {
      pageId: body.pageId,
      pageAccessTokenEnc: ctx.secrets.seal(body.pageAccessToken),
      appSecretEnc: ctx.secrets.seal(body.appSecret),
      verifyTokenEnc: ctx.secrets.seal(body.verifyToken),
      updatedAt: ctx.now(),
    };
    await BotModel.updateOne({ _id: bot._id }, { $set: { 'channels.messenger': messenger } });
    await audit(req, 'channel.messenger.updated', { type: 'bot', id: bot._id.toString() }, { pageId: body.pageId });
    res.json(channelsView(bot._id.toString(), { ...bot.channels, messenger }, bot.webchat));
  });

  router.delete('/bots/:id/channels/messenger', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    await BotModel.updateOne({ _id: bot._id }, { $unset: { 'channels.messenger': 1 } });
    await audit(req, 'channel.messenger.removed', { type: 'bot', id: bot._id.toString() });
    res.status(204).end();
  });
  router.put('/bots/:id/channels/webchat', requirePermission('channels:write'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const body = parseBody('webchat-settings', req.body);
    const current: { enabled?: boolean | null; allowedOrigins?: string[] | null; title?: string | null } = bot.webchat ?? {};
    // origins are compared as browsers send them: scheme://host[:port], lower case, no default port
    const allowedOrigins = body.allowedOrigins ? [...new Set(body.allowedOrigins.map((o) => normalizeOrigin(o)!))] : (current.allowedOrigins ?? []);
    const webchat = { enabled: body.enabled ?? current.enabled ?? true, allowedOrigins, title: body.title?.trim() ?? current.title ?? '', updatedAt: ctx.now() };
    await BotModel.updateOne({ _id: bot._id }, { $set: { webchat } });
    await audit(req, 'channel.webchat.updated', { type: 'bot', id: bot._id.toString() }, { enabled: webchat.enabled, allowedOrigins, title: webchat.title });
    res.json(channelsView(bot._id.toString(), bot.channels, webchat));
  });
  return router;
}
