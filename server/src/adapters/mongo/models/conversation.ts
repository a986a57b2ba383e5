import { Schema, model } from 'mongoose';
import { CHANNELS } from './contact';

const conversationSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true, index: true },
    contactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true, index: true },
    flowId: { type: Schema.Types.ObjectId, ref: 'Flow', required: true },
    flowVersionId: { type: Schema.Types.ObjectId, ref: 'FlowVersion', required: true },
    source: { type: String, enum: ['draft', 'published'], required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    status: { type: String, enum: ['active', 'waiting', 'completed', 'failed', 'handoff'], required: true },
    nodeId: { type: String, default: null },
    wait: { type: Schema.Types.Mixed, default: null },
    vars: { type: Schema.Types.Mixed, default: {} },
    lastMessage: { type: Schema.Types.Mixed, default: null },
    endReason: { type: String },
    // effects whose results are awaited (webhook, booking): re-run after a crash
    pendingEffects: { type: [Schema.Types.Mixed], default: [] },
    // optimistic concurrency: every write is conditional on the revision it read
    rev: { type: Number, default: 0 },
    journalSeq: { type: Number, default: 0 },
    // the revision whose step produced pendingEffects (their outbox keys derive from it)
    effectsRev: { type: Number },
    // the number of the last inbound message the conversation took in: never applied twice
    inboxSeq: { type: Number, default: 0 },
    // the last write's journal entries, durable with the step until copied to the journal
    journalTail: { type: [Schema.Types.Mixed], default: undefined },
    // "<contact>:<message number>" of the message that started it: two workers cannot both start it
    startKey: { type: String },
    /** The contact's id while the conversation is live, removed when it ends (unique: one live conversation per contact). */
    liveKey: { type: Schema.Types.ObjectId },
    agentId: { type: Schema.Types.ObjectId, ref: 'User' },
    endedAt: { type: Date },
    // the timers the state waits on, armed and disarmed by the step's own write, and the earliest
    // one's due time (only while there is one): the timer wheel scans "due by then" on it
    timers: { type: [Schema.Types.Mixed], default: undefined },
    timerAt: { type: Date },
  },
  { timestamps: true, minimize: false },
);
conversationSchema.index({ botId: 1, status: 1, nodeId: 1 });
// the recovery job's two questions: who waits on an effect, who has effects not yet carried out
conversationSchema.index({ status: 1, 'wait.for': 1, updatedAt: 1 });
conversationSchema.index({ 'pendingEffects.type': 1, updatedAt: 1 });
conversationSchema.index({ startKey: 1 }, { unique: true, sparse: true });
conversationSchema.index({ liveKey: 1 }, { unique: true, sparse: true });
// the timer wheel's scan, in due order; only conversations with a timer are in it (on MongoDB: the
// local engine ignores the filter and indexes them all, which changes nothing but the index's size)
conversationSchema.index({ timerAt: 1, _id: 1 }, { partialFilterExpression: { timerAt: { $exists: true } } });

export const ConversationModel = model('Conversation', conversationSchema);

/** The journal: every step of every conversation, in order. Replay and live views read it. */
const conversationEventSchema = new Schema(
  {
    conversationId: { type: Schema.Types.ObjectId, ref: 'Conversation', required: true },
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true },
    // copied from the conversation so analytics can group the journal by version directly
    flowVersionId: { type: Schema.Types.ObjectId, ref: 'FlowVersion' },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    nodeId: { type: String },
    data: { type: Schema.Types.Mixed, default: {} },
    at: { type: Date, required: true },
  },
  { minimize: false },
);
conversationEventSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
conversationEventSchema.index({ botId: 1, flowVersionId: 1, type: 1 });

export const ConversationEventModel = model('ConversationEvent', conversationEventSchema);
