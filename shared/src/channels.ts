// Every channel a contact can talk to a bot through, in one list: the engine, the stores, the
// API schemas' enums and the studio's filters all name these.
export const CHANNEL_NAMES = ['simulator', 'sms', 'whatsapp', 'messenger', 'webchat'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** How each channel is called on screens. */
export const CHANNEL_LABELS: Record<ChannelName, string> = {
  simulator: 'Simulator',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  webchat: 'Web chat',
};

/**
 * Channels where the bot may write freely only within 24 hours of the contact's last message
 * (WhatsApp's customer-service window, Messenger's standard messaging window).
 */
export const WINDOWED_CHANNELS: readonly ChannelName[] = ['whatsapp', 'messenger'];
