// API keys (admins): create one (the key is shown once), list them with when each was last
// used, revoke one (it stops working at once).
import { Router } from 'express';
import { ApiKeyModel, type Role } from '../../adapters/mongo/models';
import { NotFoundError } from '../../ports/errors';
import { createApiKey } from '../auth/api-keys';
import { currentUser, requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { parseObjectId } from '../services/bot-service';
import type { AppContext } from '../app-context';

type KeyLike = { _id: { toString(): string }; name: string; role: string; prefix: string; createdBy: { toString(): string }; createdAt?: Date; lastUsedAt?: Date | null; lastUsedIp?: string | null; revokedAt?: Date | null };

const keyView = (k: KeyLike, creators: Map<string, string>) => ({
  id: k._id.toString(),
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  createdBy: creators.get(k.createdBy.toString()) ?? null,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt ?? null,
  lastUsedIp: k.lastUsedIp ?? null,
  revokedAt: k.revokedAt ?? null,
});

export function apiKeyRoutes(ctx: AppContext): Router {
  const router = Router();
  const manage = requirePermission('users:manage');

  router.get('/api-keys', manage, async (_req, res) => {
    const keys = await ApiKeyModel.find({}).sort({ revokedAt: 1, createdAt: -1 }).populate<{ createdBy: { _id: { toString(): string }; email: string } | null }>('createdBy', 'email').lean();
    const creators = new Map(keys.filter((k) => k.createdBy).map((k) => [k.createdBy!._id.toString(), k.createdBy!.email]));
    res.json(keys.map((k) => keyView({ ...k, createdBy: k.createdBy?._id ?? '' } as KeyLike, creators)));
  });

  router.post('/api-keys', manage, async (req, res) => {
    const body = parseBody('create-api-key', req.body);
    const me = currentUser(req);
    const created = await createApiKey({ name: body.name.trim(), role: body.role as Role, createdBy: me.id });
    await audit(req, 'api_key.created', { type: 'api_key', id: created.id }, { name: body.name.trim(), role: body.role });
    res.status(201).json({ id: created.id, key: created.key, name: body.name.trim(), role: body.role, prefix: created.prefix });
  });

  router.delete('/api-keys/:keyId', manage, async (req, res) => {
    const id = parseObjectId(param(req, 'keyId'), 'API key');
    const revoked = await ApiKeyModel.findOneAndUpdate({ _id: id, revokedAt: null }, { $set: { revokedAt: ctx.now() } }, { new: true }).lean();
    if (!revoked) throw new NotFoundError(`API key ${param(req, 'keyId')} not found (or already revoked)`);
    await audit(req, 'api_key.revoked', { type: 'api_key', id: revoked._id.toString() }, { name: revoked.name });
    res.status(204).end();
  });

  return router;
}
