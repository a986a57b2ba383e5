// The flows of a bot. A bot has a main flow (the one `PUT /api/bots/:id/flow` edits and new
// conversations start in) and may have others that triggers and jumps reach.
import { Router } from 'express';
import { FlowModel } from '../../adapters/mongo/models';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { loadBot } from '../services/bot-service';

export function flowsRoutes(): Router {
  const router = Router();

  router.get('/bots/:id/flows', requirePermission('bots:read'), async (req, res) => {
    const bot = await loadBot(param(req, 'id'));
    const flows = await FlowModel.find({ botId: bot._id }, { name: 1, isMain: 1, createdAt: 1 }).sort({ isMain: -1, createdAt: 1 }).lean();
    res.json(flows.map((f) => ({ id: f._id.toString(), name: f.name, main: f.isMain === true })));
  });

  return router;
}
