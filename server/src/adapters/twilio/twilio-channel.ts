// SMS and WhatsApp through Twilio's official SDK. TWILIO_API_BASE_URL points the SDK at another
// base URL (tests run a local server that speaks Twilio's REST shapes; proxies work the same way).
//
// Choices go as numbered text, on WhatsApp too: Twilio shows WhatsApp buttons and lists only through
// pre-approved Content templates (the Cloud API adapter renders them natively). A message carrying
// an approved template (WhatsApp, outside the 24-hour window) is sent by its Content SID with
// contentVariables {"1": ..., "2": ...} instead of a body.
import twilio from 'twilio';
import type { BotCache } from '../mongo/mongo-catalog';
import type { SecretBox } from '../crypto/secret-box';
import { BoundedCache } from '../../util/bounded-cache';
import { PermanentChannelError, TransientChannelError, type ChannelPort } from '../../ports/channel';

export interface TwilioChannelOptions {
  secrets: SecretBox;
  apiBaseUrl?: string;
  publicUrl: string;
  /** The bots, cached (a send reads its bot's credentials; no round trip on the usual path). */
  bots: BotCache;
}

/** Messages per second when the bot's settings say nothing: a US long code sends 1 SMS a second. */
export const DEFAULT_PACE = { sms: 1, whatsapp: 10 } as const;

function classify(err: unknown): Error {
  const e = err as { status?: number; code?: number | string; message?: string };
  const code = e.code === undefined ? undefined : String(e.code);
  const message = e.message ?? String(err);
  if (e.status === undefined || e.status === 429 || e.status >= 500)
    return new TransientChannelError(message, code ?? (e.status ? String(e.status) : 'network'));
  return new PermanentChannelError(message, code ?? String(e.status));
}

/** Twilio's Content API takes the variables as a JSON object keyed by their position. */
export function contentVariables(variables: readonly string[]): string {
  return JSON.stringify(Object.fromEntries(variables.map((v, i) => [String(i + 1), v])));
}

export function createTwilioChannel(opts: TwilioChannelOptions) {
  // one client per account and token (a client keeps its HTTP agent and connections between sends)
  const clients = new BoundedCache<string, ReturnType<typeof twilio>>(500);
  function clientFor(accountSid: string, authTokenEnc: string) {
    const key = `${accountSid}:${authTokenEnc}`;
    let client = clients.get(key);
    if (!client) {
      client = twilio(accountSid, opts.secrets.open(authTokenEnc), { autoRetry: false });
      if (opts.apiBaseUrl) client.api.baseUrl = opts.apiBaseUrl.replace(/\/+$/, '');
      clients.set(key, client);
    }
    return client;
  }

  function forChannel(channel: string): ChannelPort {
    const whatsapp = channel === 'whatsapp';
    const address = (a: string) => (whatsapp && !a.startsWith('whatsapp:') ? `whatsapp:${a}` : a);
    return {
      async findSent(message, since) {
        const creds = (await opts.bots.doc(message.botId))?.channels?.twilio;
        const from = whatsapp ? creds?.whatsappFrom : creds?.from;
        if (!creds || !from || message.template) return null;
        try {
          // the recipient's latest messages from this sender; one with this text since the claim is it
          const recent = await clientFor(creds.accountSid, creds.authTokenEnc).messages.list({ to: address(message.to), from: address(from), limit: 20 });
          const found = recent.find((m) => m.body === message.text && m.dateCreated && m.dateCreated.getTime() >= since.getTime() - 1_000);
          return found ? { providerId: found.sid, status: found.status === 'sent' || found.status === 'delivered' ? found.status : 'queued' } : null;
        } catch (err) {
          throw classify(err);
        }
      },
      async send(message, pace) {
        const bot = await opts.bots.doc(message.botId);
        const creds = bot?.channels?.twilio;
        if (!creds) throw new PermanentChannelError('Twilio is not connected for this bot', 'not_connected');
        const from = whatsapp ? creds.whatsappFrom : creds.from;
        if (!from) throw new PermanentChannelError(`No ${whatsapp ? 'WhatsApp' : 'SMS'} sender is set for this bot`, 'no_sender');
        const template = whatsapp ? message.template : undefined;
        if (template && !template.contentSid) {
          throw new PermanentChannelError(
            `The template "${template.name}" has no Twilio Content SID: Twilio sends WhatsApp templates by it`,
            'template_not_configured',
          );
        }
        const client = clientFor(creds.accountSid, creds.authTokenEnc);
        const perSecond =
          (whatsapp ? creds.whatsappPerSecond : creds.smsPerSecond) ?? (whatsapp ? DEFAULT_PACE.whatsapp : DEFAULT_PACE.sms);
        await pace?.({ key: `twilio:${creds.accountSid}:${whatsapp ? 'whatsapp' : 'sms'}:${from}`, perSecond });
        try {
          const sent = await client.messages.create({
            to: whatsapp ? `whatsapp:${message.to}` : message.to,
            from: whatsapp && !from.startsWith('whatsapp:') ? `whatsapp:${from}` : from,
            ...(template?.contentSid
              ? { contentSid: template.contentSid, contentVariables: contentVariables(template.variables) }
              : { body: message.text, ...(message.mediaUrl ? { mediaUrl: [message.mediaUrl] } : {}) }),
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
