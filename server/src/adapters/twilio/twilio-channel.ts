// SMS and WhatsApp through Twilio's official SDK. TWILIO_API_BASE_URL points the SDK at another
// base URL (tests run a local server that speaks Twilio's REST shapes; proxies work the same way).
import twilio from 'twilio';
import { BotModel } from '../mongo/models';
import type { SecretBox } from '../crypto/secret-box';
import { PermanentChannelError, TransientChannelError, type ChannelPort } from '../../ports/channel';

export interface TwilioChannelOptions {
  secrets: SecretBox;
  apiBaseUrl?: string;
  publicUrl: string;
}

function classify(err: unknown): Error {
  const e = err as { status?: number; code?: number | string; message?: string };
  const code = e.code === undefined ? undefined : String(e.code);
  const message = e.message ?? String(err);
  if (e.status === undefined || e.status === 429 || e.status >= 500) return new TransientChannelError(message, code ?? (e.status ? String(e.status) : 'network'));
  return new PermanentChannelError(message, code ?? String(e.status));
}

export function createTwilioChannel(opts: TwilioChannelOptions) {
  function forChannel(channel: string): ChannelPort {
    return {
      async send(message) {
        const bot = await BotModel.findById(message.botId, { channels: 1 }).lean();
        const creds = bot?.channels?.twilio;
        if (!creds) throw new PermanentChannelError('Twilio is not connected for this bot', 'not_connected');
        const whatsapp = channel === 'whatsapp';
        const from = whatsapp ? creds.whatsappFrom : creds.from;
        if (!from) throw new PermanentChannelError(`No ${whatsapp ? 'WhatsApp' : 'SMS'} sender is set for this bot`, 'no_sender');
        const client = twilio(creds.accountSid, opts.secrets.open(creds.authTokenEnc), { autoRetry: false });
        if (opts.apiBaseUrl) client.api.baseUrl = opts.apiBaseUrl.replace(/\/+$/, '');
        try {
          const sent = await client.messages.create({
            to: whatsapp ? `whatsapp:${message.to}` : message.to,
            from: whatsapp && !from.startsWith('whatsapp:') ? `whatsapp:${from}` : from,
            body: message.text,
            ...(message.mediaUrl ? { mediaUrl: [message.mediaUrl] } : {}),
            statusCallback: `${opts.publicUrl}/webhooks/twilio/${message.botId}/status`,
          });
          return { providerId: sent.sid, status: sent.status === 'sent' || sent.status === 'delivered' ? sent.status : 'queued' };
        } catch (err) {
          throw classify(err);
        }
      },
    };
  }
  return { forChannel };
}
