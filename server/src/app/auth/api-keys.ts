// API keys: bearer tokens for scripts, with a role of their own. Only the SHA-256 of a key is
// stored; the key itself is shown once. A key is recognised by its "blk_" prefix, so a session
// token is never looked up as a key or the other way round.
import { createHash, randomBytes } from 'node:crypto';
import { ApiKeyModel, UserModel, type Role } from '../../adapters/mongo/models';
import type { AuthUser } from './sessions';

export const API_KEY_PREFIX = 'blk_';
/** lastUsedAt is written at most this often per key: a busy script must not cost a write per call. */
const LAST_USED_EVERY_MS = 60_000;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export const isApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

export async function createApiKey(input: { name: string; role: Role; createdBy: string }): Promise<{ id: string; key: string; prefix: string }> {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, API_KEY_PREFIX.length + 6);
  const doc = await ApiKeyModel.create({ name: input.name, role: input.role, keyHash: hashKey(key), prefix, createdBy: input.createdBy });
  return { id: doc._id.toString(), key, prefix };
}

/** The identity a key acts as: its creator, with the key's own role; null when unknown or revoked. */
export async function userForApiKey(key: string, now: Date, ip: string): Promise<AuthUser | null> {
  if (key.length > 200) return null;
  const apiKey = await ApiKeyModel.findOne({ keyHash: hashKey(key), revokedAt: null }).lean();
  if (!apiKey) return null;
  const creator = await UserModel.findById(apiKey.createdBy).lean();
  if (!creator) return null; // keys die with the person who made them
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    await ApiKeyModel.updateOne({ _id: apiKey._id }, { $set: { lastUsedAt: now, lastUsedIp: ip } });
  }
  return { id: creator._id.toString(), email: creator.email, name: creator.name ?? '', role: apiKey.role as Role, apiKey: { id: apiKey._id.toString(), name: apiKey.name } };
}

export async function revokeKeysOf(userId: string, now: Date): Promise<number> {
  return (await ApiKeyModel.updateMany({ createdBy: userId, revokedAt: null }, { $set: { revokedAt: now } })).modifiedCount;
}
