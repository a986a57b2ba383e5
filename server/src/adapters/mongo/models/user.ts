import { Schema, model, type InferSchemaType } from 'mongoose';

export const ROLES = ['admin', 'editor', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, default: '' },
    role: { type: String, enum: ROLES, required: true },
    passwordHash: { type: String, required: true, select: false },
  },
  { timestamps: true },
);

export type UserDoc = InferSchemaType<typeof userSchema>;
export const UserModel = model('User', userSchema);

const sessionSchema = new Schema(
  {
    // sha256 of the bearer token: a leaked database never reveals a usable token
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    expiresAt: { type: Date, required: true },
    ip: { type: String, default: '' },
  },
  { timestamps: true },
);

export const SessionModel = model('Session', sessionSchema);
