// WhatsApp's customer-service window: free-form messages are allowed only within 24 hours of the
// contact's last message; outside it only approved templates go through (Meta error 131047,
// Twilio 63016). Messenger's standard messaging window is the same 24 hours (outside it a page may
// not write at all without a message tag). Pure, so the runner and the engine's tests compute it the same way.
import { WINDOWED_CHANNELS } from '@botloom/shared';
import type { ChannelContext, ChannelName } from './types';

export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Open when the contact's last inbound message is less than 24 hours old; never open without one. */
export function whatsappWindowOpen(lastInboundAt: Date | string | null | undefined, now: Date): boolean {
  if (lastInboundAt === null || lastInboundAt === undefined) return false;
  const last = typeof lastInboundAt === 'string' ? Date.parse(lastInboundAt) : lastInboundAt.getTime();
  if (Number.isNaN(last)) return false;
  return now.getTime() - last < WHATSAPP_WINDOW_MS;
}

export function channelContext(name: ChannelName, lastInboundAt: Date | string | null | undefined, now: Date): ChannelContext {
  return { name, windowOpen: !WINDOWED_CHANNELS.includes(name) || whatsappWindowOpen(lastInboundAt, now) };
}
