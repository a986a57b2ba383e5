// Team rules: the last admin can never be removed or demoted, and a removed teammate's sessions
// and API keys die with them. With no transactions, the guard writes first and checks after: two
// admins demoting each other at once both see no admin left and both put their change back.
import { SessionModel, UserModel, type Role } from '../../adapters/mongo/models';
import { ConflictError, NotFoundError } from '../../ports/errors';
import { revokeKeysOf } from '../auth/api-keys';
import { endSessionsOf } from '../auth/sessions';
import { parseObjectId } from './bot-service';

const LAST_ADMIN = 'This is the last admin: make someone else an admin first';

async function adminsLeft(): Promise<number> {
  return UserModel.countDocuments({ role: 'admin' });
}

export async function changeRole(userId: string, role: Role): Promise<{ before: Role; after: Role }> {
  const id = parseObjectId(userId, 'user');
  const before = await UserModel.findOneAndUpdate({ _id: id }, { $set: { role } }).lean();
  if (!before) throw new NotFoundError(`user ${userId} not found`);
  if (before.role === 'admin' && role !== 'admin' && (await adminsLeft()) === 0) {
    await UserModel.updateOne({ _id: id, role }, { $set: { role: 'admin' } });
    throw new ConflictError(LAST_ADMIN);
  }
  return { before: before.role as Role, after: role };
}

export async function removeTeammate(userId: string, now: Date): Promise<{ email: string }> {
  const id = parseObjectId(userId, 'user');
  const user = await UserModel.findById(id).lean();
  if (!user) throw new NotFoundError(`user ${userId} not found`);
  // an admin is demoted first, under the same guard, so the last one can never go
  if (user.role === 'admin') await changeRole(userId, 'viewer');
  await UserModel.deleteOne({ _id: id });
  await Promise.all([endSessionsOf(userId), revokeKeysOf(userId, now)]);
  return { email: user.email };
}

export async function resetPassword(userId: string, passwordHash: string): Promise<{ email: string; sessionsEnded: number }> {
  const id = parseObjectId(userId, 'user');
  const user = await UserModel.findOneAndUpdate({ _id: id }, { $set: { passwordHash } }).lean();
  if (!user) throw new NotFoundError(`user ${userId} not found`);
  const sessionsEnded = (await SessionModel.deleteMany({ userId: id })).deletedCount;
  return { email: user.email, sessionsEnded };
}
