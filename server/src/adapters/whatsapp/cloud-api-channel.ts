// WhatsApp through Meta's Cloud API (the Graph API). WHATSAPP_API_BASE_URL points it at another
// base URL (tests run a local server that speaks the Graph API's shapes). The access token goes
// in the Authorization header only: it is never logged, nor put in an error message.
import type { BotCache } from '../mongo/mongo-catalog';
import type { SecretBox } from '../crypto/secret-box';
import { PermanentChannelError, TransientChannelError, type ChannelPort } from '../../ports/channel';
import { classifyGraphError } from './graph-errors';
import { graphMessage } from './graph-message';

export const DEFAULT_WHATSAPP_API_BASE_URL = 'https://graph.facebook.com/v21.0';
const TIMEOUT_MS = 15_000;

export interface CloudApiChannelOptions {
  secrets: SecretBox;
  apiBaseUrl?: string;
  bots: BotCache;
}

/** The Cloud API's default throughput per business phone number (Meta raises it on request). */
export const CLOUD_API_MESSAGES_PER_SECOND = 80;

export function createCloudApiChannel(opts: CloudApiChannelOptions): ChannelPort {
  const base = (opts.apiBaseUrl ?? DEFAULT_WHATSAPP_API_BASE_URL).replace(/\/+$/, '');
  return {
    async send(message, pace) {
      const creds = (await opts.bots.doc(message.botId))?.channels?.whatsapp ?? null;
      if (!creds) throw new PermanentChannelError('The WhatsApp Cloud API is not connected for this bot', 'not_connected');
      const body = JSON.stringify(graphMessage(message));
      // the number's messages-per-second cap holds across processes: wait for a slot right before the call
      await pace?.({ key: `meta:${creds.phoneNumberId}`, perSecond: CLOUD_API_MESSAGES_PER_SECOND });
      let res: Response;
      try {
        res = await fetch(`${base}/${encodeURIComponent(creds.phoneNumberId)}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${opts.secrets.open(creds.accessTokenEnc)}`, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
        throw new TransientChannelError(`The WhatsApp Cloud API ${reason}`, 'network');
      }
      const answer = (await res.json().catch(() => null)) as { messages?: Array<{ id?: unknown }> } | null;
      if (!res.ok) throw classifyGraphError(res.status, answer);
      const id = answer?.messages?.[0]?.id;
      // accepted but no id: it may well have gone out, so never send it again
      if (typeof id !== 'string' || id === '')
        throw new PermanentChannelError('The WhatsApp Cloud API accepted the message without a message id', 'no_message_id');
      return { providerId: id, status: 'queued' };
    },
  };
}
