import { Schema, model } from 'mongoose';

export const CHANNELS = ['simulator', 'sms', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

const contactSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    address: { type: String, required: true },
    attributes: { type: Schema.Types.Mixed, default: {} },
    timezone: { type: String },
    optedOut: { type: Boolean, default: false },
    lastInboundAt: { type: Date },
    activeConversationId: { type: Schema.Types.ObjectId, ref: 'Conversation' },
    messageSeq: { type: Number, default: 0 },
    // a short lease serializes the processing of one contact's events across processes
    lease: { holder: { type: String }, until: { type: Date } },
  },
  { timestamps: true, minimize: false },
);
contactSchema.index({ botId: 1, channel: 1, address: 1 }, { unique: true });

export const ContactModel = model('Contact', contactSchema);
