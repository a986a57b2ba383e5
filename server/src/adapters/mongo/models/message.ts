import { Schema, model } from 'mongoose';
import { CHANNELS } from './contact';

export const MESSAGE_STATUSES = ['received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'undelivered', 'suppressed'] as const;

const messageSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    conversationId: { type: Schema.Types.ObjectId, ref: 'Conversation' },
    channel: { type: String, enum: CHANNELS, required: true },
    direction: { type: String, enum: ['in', 'out'], required: true },
    text: { type: String, default: '' },
    mediaUrl: { type: String },
    choices: { type: [String], default: undefined },
    // outbound only: the approved WhatsApp template sent instead of the text (outside the 24-hour window)
    template: { type: Schema.Types.Mixed, default: undefined },
    // outbound only: an answer to STOP, START or HELP, sent even to a contact who opted out
    consentNotice: { type: Boolean, default: undefined },
    nodeId: { type: String },
    sentBy: { type: String, enum: ['bot', 'agent', 'contact'], required: true },
    status: { type: String, enum: MESSAGE_STATUSES, required: true },
    errorCode: { type: String },
    providerId: { type: String },
    // inbound: "in:<provider id>"; outbound: "out:<conversation>:<rev>:<n>". Unique, so a provider
    // retry or a re-run step never stores or sends a message twice.
    dedupeKey: { type: String, required: true, unique: true },
    // inbound only: the order in which the contact's messages arrived (a per-contact counter)
    seq: { type: Number },
    inReplyTo: { type: Schema.Types.ObjectId, ref: 'Message' },
    attempts: { type: Number, default: 0 },
    // inbound only: run this message against the draft (simulator) or the published version
    flowSource: { type: String, enum: ['draft', 'published'] },
  },
  { timestamps: true },
);
// a contact's inbound messages after the last handled one, in order
messageSchema.index({ contactId: 1, direction: 1, seq: 1 });
messageSchema.index({ conversationId: 1, createdAt: 1 });
messageSchema.index({ botId: 1, providerId: 1 });

export const MessageModel = model('Message', messageSchema);
