// The team (admins): add, list, change the role or name of, reset the password of and remove
// teammates; and the audit log.
import { Router } from 'express';
import { AuditLogModel, UserModel, type Role } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { ConflictError, NotFoundError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { hashPassword } from '../auth/passwords';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { parseObjectId } from '../services/bot-service';
import { changeRole, removeTeammate, resetPassword } from '../services/team-service';

type UserLike = { _id: { toString(): string }; email: string; name?: string | null; role: string; createdAt?: Date };
const userView = (u: UserLike) => ({ id: u._id.toString(), email: u.email, name: u.name ?? '', role: u.role, createdAt: u.createdAt });

export function userRoutes(now: () => Date): Router {
  const router = Router();
  const manage = requirePermission('users:manage');

  router.get('/users', manage, async (_req, res) => void res.json((await UserModel.find({}).sort({ createdAt: 1 }).lean()).map(userView)));

  router.post('/users', manage, async (req, res) => {
    const body = parseBody('create-user', req.body);
    try {
      const user = await UserModel.create({ email: body.email, name: body.name ?? '', role: body.role, passwordHash: await hashPassword(body.password) });
      await audit(req, 'user.created', { type: 'user', id: user._id.toString() }, { email: user.email, role: user.role });
      res.status(201).json(userView(user.toObject()));
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new ConflictError(`A user with the email ${body.email} already exists`);
      throw err;
    }
  });

  router.patch('/users/:userId', manage, async (req, res) => {
    const body = parseBody('update-user', req.body);
    const userId = param(req, 'userId');
    const id = parseObjectId(userId, 'user');
    if (!(await UserModel.exists({ _id: id }))) throw new NotFoundError(`user ${userId} not found`);
    if (body.role) {
      const { before, after } = await changeRole(userId, body.role as Role);
      if (before !== after) await audit(req, 'user.role_changed', { type: 'user', id: userId }, { from: before, to: after });
    }
    if (body.name !== undefined) await UserModel.updateOne({ _id: id }, { $set: { name: body.name.trim() } });
    res.json(userView((await UserModel.findById(id).lean())!));
  });

  router.delete('/users/:userId', manage, async (req, res) => {
    const userId = param(req, 'userId');
    const removed = await removeTeammate(userId, now());
    await audit(req, 'user.removed', { type: 'user', id: userId }, { email: removed.email });
    res.status(204).end();
  });

  router.post('/users/:userId/password', manage, async (req, res) => {
    const body = parseBody('reset-password', req.body);
    const userId = param(req, 'userId');
    const reset = await resetPassword(userId, await hashPassword(body.password));
    await audit(req, 'user.password_reset', { type: 'user', id: userId }, { email: reset.email, sessionsEnded: reset.sessionsEnded });
    res.status(204).end();
  });

  router.get('/audit-log', requirePermission('audit:read'), async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 100, 1), 1000);
    const entries = await AuditLogModel.find({}).sort({ at: -1 }).limit(limit).lean();
    res.json(entries.map((e) => ({ id: e._id.toString(), at: e.at, actor: e.actorEmail, ...(e.apiKeyId ? { apiKey: { id: e.apiKeyId.toString(), name: e.apiKeyName } } : {}), action: e.action, targetType: e.targetType, targetId: e.targetId, details: e.details, ip: e.ip })));
  });
  return router;
}
