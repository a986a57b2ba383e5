import { Schema, model } from 'mongoose';
import { ROLES } from './user';

/**
 * A key for scripts and other systems: a bearer token with a role. Only its SHA-256 is stored
 * (the key is shown once, when created); a revoked key is kept, marked, for the audit trail.
 */
const apiKeySchema = new Schema(
  {
    name: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    keyHash: { type: String, required: true, unique: true },
    // the first characters of the key, so a person can tell which key a script holds
    prefix: { type: String, required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    lastUsedAt: { type: Date },
    lastUsedIp: { type: String },
    revokedAt: { type: Date },
  },
  { timestamps: true },
);

export const ApiKeyModel = model('ApiKey', apiKeySchema);
