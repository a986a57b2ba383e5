/** An approved WhatsApp template with its variables filled in ({{1}}, {{2}}... in order). */
export interface ChannelTemplate {
  name: string;
  language: string;
  variables: string[];
  /** Twilio's Content SID for it (Twilio sends templates by this id, with contentVariables). */
  contentSid?: string;
}

/** One outbound message, as a channel adapter receives it from the outbox. */
export interface ChannelMessage {
  messageId: string;
  botId: string;
  to: string;
  text: string;
  mediaUrl?: string;
  choices?: string[];
  /** Send this template instead of the text (WhatsApp outside the 24-hour window); text stays as a transcript fallback. */
  template?: ChannelTemplate;
  /** The inbound message this answers, if any (web chat hands such replies to the request waiting for them). */
  inReplyTo?: string;
  createdAt?: Date;
}

/** The number a message leaves from and how many messages per second it may send (pacing across processes). */
export interface SenderPace {
  /** Identifies the sender across the whole deployment, e.g. "twilio:AC...:+15550009999". */
  key: string;
  perSecond: number;
}

export interface ChannelSendResult {
  providerId?: string;
  status: 'queued' | 'sent' | 'delivered';
}

/** Resolves when the sender may send (its messages-per-second cap holds across every process). */
export type PaceGate = (sender: SenderPace) => Promise<void>;

export interface ChannelPort {
  /**
   * Sends one message. An adapter that knows its sender's rate cap awaits `pace` with it once the
   * request is ready and right before the provider call, so the wait ends as close to the wire as it can.
   */
  send(message: ChannelMessage, pace?: PaceGate): Promise<ChannelSendResult>;
  /**
   * Whether the provider already took this message since `since` (same recipient, sender and text):
   * asked before sending again a message whose sender died after claiming it, which may have died
   * after the provider took it. Absent: the adapter cannot tell, and the message is sent again.
   */
  findSent?(message: ChannelMessage, since: Date): Promise<ChannelSendResult | null>;
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
