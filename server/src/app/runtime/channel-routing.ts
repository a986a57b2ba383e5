// Which adapter carries a message: the simulator, Twilio (SMS, WhatsApp) or Meta's Cloud API
// (WhatsApp). A contact is answered through the provider it last wrote through; a contact that
// never wrote (or predates providers being recorded) goes by what the bot has connected.
import { BotModel, type Provider } from '../../adapters/mongo/models';
import type { ChannelPort } from '../../ports/channel';
import type { ChannelTarget } from './outbox';

export interface ChannelAdapters {
  simulator: ChannelPort;
  twilio(channel: 'sms' | 'whatsapp'): ChannelPort;
  meta: ChannelPort;
}

/** For WhatsApp: Twilio when it has a WhatsApp sender, else Meta when connected, else Twilio (which
 * then fails the message as not connected). SMS only goes through Twilio. */
export async function defaultProvider(botId: string, channel: string): Promise<Provider> {
  if (channel !== 'whatsapp') return 'twilio';
  const bot = await BotModel.findById(botId, { 'channels.twilio.whatsappFrom': 1, 'channels.whatsapp.phoneNumberId': 1 }).lean();
  if (bot?.channels?.twilio?.whatsappFrom) return 'twilio';
  return bot?.channels?.whatsapp ? 'meta' : 'twilio';
}

export function createChannelRouter(adapters: ChannelAdapters): (target: ChannelTarget) => Promise<ChannelPort> {
  return async (target) => {
    if (target.channel === 'simulator') return adapters.simulator;
    const channel = target.channel === 'whatsapp' ? 'whatsapp' : 'sms';
    const provider = channel === 'sms' ? 'twilio' : (target.provider ?? (await defaultProvider(target.botId, channel)));
    return provider === 'meta' ? adapters.meta : adapters.twilio(channel);
  };
}
