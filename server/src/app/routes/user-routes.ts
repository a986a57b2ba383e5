import { Router } from 'express';
import { AuditLogModel, UserModel } from '../../adapters/mongo/models';
import { isDuplicateKeyError } from '../../adapters/mongo/errors';
import { ConflictError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { hashPassword } from '../auth/passwords';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';

type UserLike = { _id: { toString(): string }; email: string; name?: string | null; role: string; createdAt?: Date };
const userView = (u: UserLike) => ({ id: u._id.toString(), email: u.email, name: u.name ?? '', role: u.role, createdAt: u.createdAt });

export function userRoutes(): Router {
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

  router.get('/audit-log', requirePermission('audit:read'), async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 100, 1), 1000);
    const entries = await AuditLogModel.find({}).sort({ at: -1 }).limit(limit).lean();
    res.json(entries.map((e) => ({ id: e._id.toString(), at: e.at, actor: e.actorEmail, action: e.action, targetType: e.targetType, targetId: e.targetId, details: e.details, ip: e.ip })));
  });
  return router;
}
