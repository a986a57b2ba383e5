// Facebook Messenger through Meta's Send API (the Graph API). MESSENGER_API_BASE_URL points it at
// another base URL (tests run a local server that speaks the Graph API's shapes). The page access
// token goes in the Authorization header only, never in a URL, a log line or an error message;
// the appsecret_proof (an HMAC of the token with the app secret) is sent too, so a page whose app
// requires it works and a leaked token alone is not enough.
import { createHmac } from 'node:crypto';
import type { BotCache } from '../mongo/mongo-catalog';
import type { SecretBox } from '../crypto/secret-box';
import { PermanentChannelError, TransientChannelError, type ChannelPort } from '../../ports/channel';
import { classifyGraphError, type GraphApiKind } from '../whatsapp/graph-errors';
import { sendApiMessage } from './send-api-message';

export const DEFAULT_MESSENGER_API_BASE_URL = 'https://graph.facebook.com/v21.0';
const TIMEOUT_MS = 15_000;

/**
 * Messenger's errors worth retrying: 1200 (temporary send failure), 2 (service unavailable), 4, 17,
 * 32 and 613 (rate limits). 2018278 (a subcode of 10: outside the 24-hour window), 551 (the person
 * is not available), 100 (no such person), 190 (expired token) and the rest fail the message for good.
 */
export const MESSENGER_GRAPH: GraphApiKind = {
  label: 'Messenger Send API',
  transientCodes: new Set(['1200', '2', '4', '17', '32', '613']),
  telling: new Set(['2018278', '2018108', '2018001']),
};

export interface MessengerChannelOptions {
  secrets: SecretBox;
  apiBaseUrl?: string;
  bots: BotCache;
}

export function createMessengerChannel(opts: MessengerChannelOptions): ChannelPort {
  const base = (opts.apiBaseUrl ?? DEFAULT_MESSENGER_API_BASE_URL).replace(/\/+$/, '');
  return {
    async send(message) {
      const creds = (await opts.bots.doc(message.botId))?.channels?.messenger ?? null;
      if (!creds) throw new PermanentChannelError('Messenger is not connected for this bot', 'not_connected');
      const token = opts.secrets.open(creds.pageAccessTokenEnc);
      const proof = createHmac('sha256', opts.secrets.open(creds.appSecretEnc)).update(token).digest('hex');
      let res: Response;
      try {
        res = await fetch(`${base}/me/messages?appsecret_proof=${proof}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(sendApiMessage(message)),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
        throw new TransientChannelError(`The Messenger Send API ${reason}`, 'network');
      }
      const answer = (await res.json().catch(() => null)) as { message_id?: unknown } | null;
      if (!res.ok) throw classifyGraphError(res.status, answer, MESSENGER_GRAPH);
      const id = answer?.message_id;
      // accepted but no id: it may well have gone out, so never send it again
      if (typeof id !== 'string' || id === '') throw new PermanentChannelError('The Messenger Send API accepted the message without a message id', 'no_message_id');
      return { providerId: id, status: 'sent' };
    },
  };
}
