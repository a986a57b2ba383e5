import { Schema, model } from 'mongoose';
import { signalChangesOf } from './change-signal';

/** A bot owns several flows: the main one answers new conversations; triggers and jumps reach the others. */
const flowSchema = new Schema(
  {
    botId: { type: Schema.Types.ObjectId, ref: 'Bot', required: true, index: true },
    name: { type: String, required: true, trim: true },
    // the name as compared for uniqueness within the bot ("FAQ" and "faq " are the same name)
    nameKey: { type: String },
    isMain: { type: Boolean, default: false },
    // the draft: what the builder is editing; `rev` grows on every save (stale tabs get a 409)
    draft: {
      nodes: { type: [Schema.Types.Mixed], default: [] },
      edges: { type: [Schema.Types.Mixed], default: [] },
    },
    rev: { type: Number, default: 0 },
    draftUpdatedAt: { type: Date },
    // on the main flow only: the bot's live version and its version counter (one number for all its flows)
    publishedVersionId: { type: Schema.Types.ObjectId, ref: 'FlowVersion' },
    publishedNumber: { type: Number, default: 0 },
  },
  { timestamps: true, minimize: false },
);

export function flowNameKey(name: string): string {
  return name.trim().toLocaleLowerCase();
}
flowSchema.pre('validate', function setNameKey() {
  if (typeof this.name === 'string') this.nameKey = flowNameKey(this.name);
});
// a backstop for two flows named at once; the service checks first (flows made before names were keyed have none)
flowSchema.index({ botId: 1, nameKey: 1 }, { unique: true });

// publishing changes which version new conversations start on: the runtime's cache is told
signalChangesOf(flowSchema, 'flows');

export const FlowModel = model('Flow', flowSchema);

/**
 * An immutable snapshot of a bot's flows. Published versions are numbered; the simulator pins
 * conversations to unnumbered draft snapshots (deduplicated by content hash). The main flow's
 * content is `nodes`/`edges` under `flowId`, as in versions made before a bot had several flows
 * (so those run unchanged); every other flow of the bot is in `flows`.
 */
const versionFlowSchema = new Schema(
  {
    flowId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    nodes: { type: [Schema.Types.Mixed], default: [] },
    edges: { type: [Schema.Types.Mixed], default: [] },
  },
  { _id: false, minimize: false },
);

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
    // the main flow's name when published; absent on versions from before names mattered
    name: { type: String },
    flows: { type: [versionFlowSchema], default: [] },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: { createdAt: true, updatedAt: false }, minimize: false },
);
flowVersionSchema.index({ flowId: 1, key: 1 }, { unique: true });

export const FlowVersionModel = model('FlowVersion', flowVersionSchema);
