import { Schema, model } from 'mongoose';

/** Who changed what, when, from where. Never a secret: callers pass redacted details. */
const auditLogSchema = new Schema({
  actorId: { type: Schema.Types.ObjectId, ref: 'User' },
  actorEmail: { type: String },
  // set when the person acted through an API key rather than a session
  apiKeyId: { type: Schema.Types.ObjectId, ref: 'ApiKey' },
  apiKeyName: { type: String },
  action: { type: String, required: true },
  targetType: { type: String },
  targetId: { type: String },
  details: { type: Schema.Types.Mixed, default: {} },
  ip: { type: String },
  at: { type: Date, required: true, index: true },
});

export const AuditLogModel = model('AuditLog', auditLogSchema);
