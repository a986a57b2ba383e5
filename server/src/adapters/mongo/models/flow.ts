import { Schema, model } from 'mongoose';
import { signalChangesOf } from './change-signal';

/** A bot owns several flows: the main one answers new conversations; triggers reach the others later. */
const flowSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true, index: true },
    name: { type: String, required: true },
    isMain: { type: Boolean, default: false },
    // the draft: what the builder is editing; `rev` grows on every save (stale tabs get a 409)
    draft: {
      nodes: { type: [Schema.Types.Mixed], default: [] },
      edges: { type: [Schema.Types.Mixed], default: [] },
    },
    rev: { type: Number, default: 0 },
    draftUpdatedAt: { type: Date },
    publishedVersionId: { type: Schema.Types.ObjectId, ref: 'FlowVersion' },
    publishedNumber: { type: Number, default: 0 },
  },
  { timestamps: true, minimize: false },
);

// publishing changes which version new conversations start on: the runtime's cache is told
signalChangesOf(flowSchema, 'flows');

export const FlowModel = model('Flow', flowSchema);

/**
 * An immutable snapshot of a flow. Published versions are numbered; the simulator pins
 * conversations to unnumbered draft snapshots (deduplicated by content hash).
 */
const flowVersionSchema = new Schema(
  {
    flowId: { type: Schema.Types.ObjectId, ref: 'Flow', required: true },
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true },
    kind: { type: String, enum: ['published', 'draft'], required: true },
    number: { type: Number },
    // unique per flow: "v3" for published versions, "draft:<hash>" for draft snapshots
    key: { type: String, required: true },
    contentHash: { type: String, required: true },
    nodes: { type: [Schema.Types.Mixed], default: [] },
    edges: { type: [Schema.Types.Mixed], default: [] },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: { createdAt: true, updatedAt: false }, minimize: false },
);
flowVersionSchema.index({ flowId: 1, key: 1 }, { unique: true });

export const FlowVersionModel = model('FlowVersion', flowVersionSchema);
