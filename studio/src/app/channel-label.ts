import { CHANNEL_LABELS, type ChannelName } from '@botloom/shared';

/** "Web chat" for "webchat"; a channel this studio does not know yet keeps its name. */
export function channelLabel(channel: string | null | undefined): string {
  if (!channel) return '';
  return CHANNEL_LABELS[channel as ChannelName] ?? channel;
}
