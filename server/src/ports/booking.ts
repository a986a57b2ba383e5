import type { BookingRequest, EffectResult } from '../engine/types';

export interface BookingContext {
  botId: string;
  contactId: string;
  conversationId: string;
  /** The contact's time zone, else the bot's, for labels. */
  timezone: string;
}

export interface BookingPort {
  handle(request: BookingRequest, ctx: BookingContext): Promise<EffectResult>;
}
