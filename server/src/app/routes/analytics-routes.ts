import { Router } from 'express';
import { linkedNodeId } from '@botloom/shared';
import { FlowVersionModel } from '../../adapters/mongo/models';
import { versionFlows } from '../../adapters/mongo/version-flows';
import { NotFoundError, ValidationError } from '../../ports/errors';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { liveNodeCounts, messageVolumes, versionFunnel } from '../services/analytics';
import { loadBot } from '../services/bot-service';
import { mainFlow } from '../services/flow-service';
import type { AppContext } from '../app-context';

export function analyticsRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('conversations:read');

  router.get('/bots/:id/node-counts', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const source = req.query.source === 'draft' || req.query.source === 'published' ? req.query.source : undefined;
    res.json({ counts: await liveNodeCounts(bot._id, source), at: ctx.now() });
  });

  router.get('/bots/:id/analytics', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const flow = await mainFlow(bot._id.toString());
    const requested = req.query.version === undefined ? flow.publishedNumber : Number(req.query.version);
    if (!Number.isInteger(requested) || requested < 1) {
      if (req.query.version === undefined) throw new NotFoundError('This bot has no published version yet');
      throw new ValidationError(`"${String(req.query.version)}" is not a version number`, [{ path: '/version', message: 'must be a whole number from 1' }]);
    }
    const version = await FlowVersionModel.findOne({ flowId: flow._id, kind: 'published', number: requested }, { _id: 1, number: 1, flowId: 1, nodes: 1, edges: 1, flows: 1 }).lean();
    if (!version) throw new NotFoundError(`version ${requested} does not exist`);
    // End steps of every flow of the version, under the ids the journal uses
    const endNodeIds = new Set(versionFlows(version).flatMap((f) => f.nodes.filter((n) => n.type === 'end').map((n) => linkedNodeId(f, n.id))));
    res.json({ version: requested, ...(await versionFunnel(bot._id, version._id, endNodeIds)) });
  });

  router.get('/bots/:id/analytics/messages', read, async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const days = Math.min(Math.max(Number(req.query.days) || 14, 1), 365);
    const since = new Date(ctx.now().getTime() - days * 86_400_000);
    res.json({ days, since, volumes: await messageVolumes(bot._id, since) });
  });
  return router;
}
