import { Schema, model } from 'mongoose';
import { signalChangesOf } from './change-signal';

/** A trigger starts one of the bot's flows: on a keyword, on an event, or on a schedule. */
const triggerSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true },
    name: { type: String, required: true },
    type: { type: String, enum: ['keyword', 'event', 'schedule'], required: true },
    flowId: { type: Schema.Types.ObjectId, ref: 'Flow', required: true },
    active: { type: Boolean, default: true },
    priority: { type: Number, default: 0 },
    keywords: { type: [String], default: undefined },
    match: { type: String },
    caseSensitive: { type: Boolean },
    event: { type: String },
    conditions: { type: [Schema.Types.Mixed], default: undefined },
    schedule: { type: Schema.Types.Mixed },
    audience: { type: Schema.Types.Mixed },
    nextRunAt: { type: Date },
  },
  { timestamps: true, minimize: false },
);
triggerSchema.index({ botId: 1, type: 1, active: 1 });
triggerSchema.index({ botId: 1, flowId: 1 });

// the runtime caches each bot's active triggers: a write here clears them
signalChangesOf(triggerSchema, 'triggers');

export const TriggerModel = model('Trigger', triggerSchema);

/** One line per firing (or refusal to fire) of a trigger, for its log and its counts per day. */
const triggerLogSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true },
    triggerId: { type: Schema.Types.ObjectId, ref: 'Trigger', required: true },
    at: { type: Date, required: true },
    outcome: { type: String, enum: ['fired', 'skipped', 'failed'], required: true },
    reason: { type: String, required: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact' },
    contact: { type: String },
    conversationId: { type: Schema.Types.ObjectId, ref: 'Conversation' },
    cause: { type: String },
  },
  { minimize: false },
);
triggerLogSchema.index({ triggerId: 1, at: -1 });

export const TriggerLogModel = model('TriggerLog', triggerLogSchema);
