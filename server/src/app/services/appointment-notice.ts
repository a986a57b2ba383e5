// Tells a contact what staff did to their appointment. The only place staff booking reaches the
// outbox, so the import can be repointed when the runtime moves.
import type { ChannelName } from '@botloom/shared';
import { BotModel } from '../../adapters/mongo/models';
import { formatSlot } from '../../domain/booking/slots';
import { appointmentNoticeText, type AppointmentChange } from '../../domain/booking/staff-booking';
import type { Outbox } from '../../runtime/outbox';

export interface AppointmentNotice {
  change: AppointmentChange;
  botId: string;
  contactId: string;
  channel: ChannelName;
  appointmentId: string;
  calendar: { name: string; timezone: string };
  /** The zone the contact reads the time in: theirs when known, else the calendar's. */
  contactTimezone?: string | null;
  start: Date;
  previousStart?: Date;
}

/** Whether the bot can reach contacts on `channel` at all; the simulator always can (it just records). */
export async function botHasChannel(botId: string, channel: AppointmentNotice['channel']): Promise<boolean> {
  if (channel === 'simulator') return true;
  const bot = await BotModel.findById(botId, { channels: 1, webchat: 1 }).lean();
  const twilio = bot?.channels?.twilio;
  if (channel === 'messenger') return Boolean(bot?.channels?.messenger);
  if (channel === 'webchat') return bot?.webchat?.enabled !== false;
  return channel === 'sms' ? Boolean(twilio?.from) : Boolean(twilio?.whatsappFrom || bot?.channels?.whatsapp);
}

/** Sends the notice once per change (the key holds the change and the time), when the bot has the channel. */
export async function notifyAppointmentChange(outbox: Outbox, notice: AppointmentNotice): Promise<boolean> {
  if (!(await botHasChannel(notice.botId, notice.channel))) return false;
  const zone = notice.contactTimezone || notice.calendar.timezone;
  const when = formatSlot(notice.start, zone);
  const previously = notice.previousStart ? formatSlot(notice.previousStart, zone) : undefined;
  await outbox.send({
    key: `appointment:${notice.appointmentId}:${notice.change}:${notice.start.toISOString()}`,
    botId: notice.botId,
    contactId: notice.contactId,
    channel: notice.channel,
    message: { text: appointmentNoticeText(notice.change, notice.calendar.name, when, previously) },
    sentBy: 'agent',
  });
  return true;
}
