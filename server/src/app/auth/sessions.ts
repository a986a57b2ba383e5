// Opaque bearer tokens; only their SHA-256 is stored, so the database never holds a usable token.
import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { SessionModel, UserModel, type Role } from '../../adapters/mongo/models';

export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  name: string;
  /** Set when the request came with an API key (the user is the key's creator, the role the key's). */
  apiKey?: { id: string; name: string };
  /** The session the request came with (not for API keys). */
  sessionId?: string;
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
  return { id: user._id.toString(), email: user.email, role: user.role as Role, name: user.name ?? '', sessionId: session._id.toString() };
}

/** The person's own sessions, newest first. */
export async function sessionsOf(userId: string, now: Date) {
  const sessions = await SessionModel.find({ userId, expiresAt: { $gt: now } }).sort({ createdAt: -1 }).lean();
  return sessions.map((s) => ({ id: s._id.toString(), createdAt: s.createdAt, expiresAt: s.expiresAt, ip: s.ip ?? '' }));
}

/** Ends sessions of a user: one, every one but `keep`, or all. Answers how many ended. */
export async function endSessionsOf(userId: string, options: { only?: string; keep?: string } = {}): Promise<number> {
  const filter: Record<string, unknown> = { userId };
  if (options.only) filter._id = options.only;
  else if (options.keep) filter._id = { $ne: options.keep };
  return (await SessionModel.deleteMany(filter)).deletedCount;
}

export async function endSession(token: string): Promise<void> {
  await SessionModel.deleteOne({ tokenHash: hashToken(token) });
}
