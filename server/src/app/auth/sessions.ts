// Opaque bearer tokens; only their SHA-256 is stored, so the database never holds a usable token.
import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { SessionModel, UserModel, type Role } from '../../adapters/mongo/models';

export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  name: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(userId: Types.ObjectId | string, days: number, ip: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  await SessionModel.create({ tokenHash: hashToken(token), userId, expiresAt, ip });
  return { token, expiresAt };
}

export async function userForToken(token: string, now: Date): Promise<AuthUser | null> {
  if (!token || token.length > 200) return null;
  const session = await SessionModel.findOne({ tokenHash: hashToken(token) }).lean();
  if (!session || session.expiresAt <= now) return null;
  const user = await UserModel.findById(session.userId).lean();
  if (!user) return null;
  return { id: user._id.toString(), email: user.email, role: user.role as Role, name: user.name ?? '' };
}

export async function endSession(token: string): Promise<void> {
  await SessionModel.deleteOne({ tokenHash: hashToken(token) });
}
