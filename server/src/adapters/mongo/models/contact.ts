import { CHANNEL_NAMES } from '@botloom/shared';
import { Schema, model } from 'mongoose';

export const CHANNELS = CHANNEL_NAMES;
export type Channel = (typeof CHANNELS)[number];
/** Who carries a contact's messages: Twilio (SMS, WhatsApp) or Meta (WhatsApp Cloud API). */
export const PROVIDERS = ['twilio', 'meta'] as const;
export type Provider = (typeof PROVIDERS)[number];

const contactSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    address: { type: String, required: true },
    // the provider the contact last wrote through; replies go back the same way (unset: by what the bot has connected)
    provider: { type: String, enum: PROVIDERS },
    attributes: { type: Schema.Types.Mixed, default: {} },
    timezone: { type: String },
    optedOut: { type: Boolean, default: false },
    // when the contact last opted out or back in (STOP, START...), on this channel
    consentChangedAt: { type: Date },
    lastInboundAt: { type: Date },
    activeConversationId: { type: Schema.Types.ObjectId, ref: 'Conversation' },
    // the number of the contact's latest inbound message, and how far they have been handled
    messageSeq: { type: Number, default: 0 },
    processedSeq: { type: Number, default: 0 },
    // after a failed send: until then, a new send checks for an earlier one still being retried
    outboxHeldUntil: { type: Date },
    // staff's labels, for filtering and audiences ("vip", "clinic-a")
    tags: { type: [String], default: undefined },
    // added by staff (by hand, an import, a booking): answered when the bot takes registered numbers only
    registered: { type: Boolean },
    registeredAt: { type: Date },
    // when an unregistered contact was told, once, that the bot answers registered numbers only
    refusedAt: { type: Date },
    // when staff last recorded the contact's consent: only an opt-out staff recorded can be undone by staff
    consentByStaffAt: { type: Date },
  },
  { timestamps: true, minimize: false },
);
contactSchema.index({ botId: 1, channel: 1, address: 1 }, { unique: true });
contactSchema.index({ botId: 1, tags: 1 });

export const ContactModel = model('Contact', contactSchema);
