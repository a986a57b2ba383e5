/** One outbound message, as a channel adapter receives it from the outbox. */
export interface ChannelMessage {
  messageId: string;
  botId: string;
  to: string;
  text: string;
  mediaUrl?: string;
  choices?: string[];
}

export interface ChannelSendResult {
  providerId?: string;
  status: 'queued' | 'sent' | 'delivered';
}

export interface ChannelPort {
  send(message: ChannelMessage): Promise<ChannelSendResult>;
}

/** A failure worth retrying (timeouts, 5xx, rate limits). Anything else fails the message for good. */
export class TransientChannelError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransientChannelError';
  }
}

export class PermanentChannelError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PermanentChannelError';
  }
}
