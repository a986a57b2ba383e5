import type { Request } from 'express';
import { AuditLogModel } from '../../adapters/mongo/models';

/** Records a change made by a person. `details` must already be free of secrets. */
export async function audit(req: Request, action: string, target: { type: string; id: string }, details: Record<string, unknown> = {}): Promise<void> {
  await AuditLogModel.create({
    actorId: req.user?.id,
    actorEmail: req.user?.email,
    apiKeyId: req.user?.apiKey?.id,
    apiKeyName: req.user?.apiKey?.name,
    action,
    targetType: target.type,
    targetId: target.id,
    details,
    ip: req.ip,
    at: new Date(),
  });
}
