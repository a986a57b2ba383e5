// Which adapter carries a message: the simulator, Twilio (SMS, WhatsApp), Meta's Cloud API
// (WhatsApp), Meta's Send API (Messenger) or the web chat's sessions. A contact is answered through the provider it last wrote through; a contact that
// never wrote (or predates providers being recorded) goes by what the bot has connected.
import type { Catalog } from '../ports/catalog';
import type { ChannelPort } from '../ports/channel';
import type { Provider } from '../ports/contact-store';
import type { ChannelTarget } from './outbox';

export interface ChannelAdapters {
  simulator: ChannelPort;
  twilio(channel: 'sms' | 'whatsapp'): ChannelPort;
  meta: ChannelPort;
  messenger: ChannelPort;
  webchat: ChannelPort;
}

/** For WhatsApp: Twilio when it has a WhatsApp sender, else Meta when connected, else Twilio (which
 * then fails the message as not connected). SMS only goes through Twilio. */
export async function defaultProvider(catalog: Catalog, botId: string, channel: string): Promise<Provider> {
  if (channel !== 'whatsapp') return 'twilio';
  const bot = await catalog.bot(botId);
  if (bot?.twilioWhatsappFrom) return 'twilio';
  return bot?.whatsappConnected ? 'meta' : 'twilio';
}

export function createChannelRouter(adapters: ChannelAdapters, catalog: Catalog): (target: ChannelTarget) => Promise<ChannelPort> {
  return async (target) => {
    if (target.channel === 'simulator') return adapters.simulator;
    if (target.channel === 'messenger') return adapters.messenger;
    if (target.channel === 'webchat') return adapters.webchat;
    const channel = target.channel === 'whatsapp' ? 'whatsapp' : 'sms';
    const provider = channel === 'sms' ? 'twilio' : (target.provider ?? (await defaultProvider(catalog, target.botId, channel)));
    return provider === 'meta' ? adapters.meta : adapters.twilio(channel);
  };
}
