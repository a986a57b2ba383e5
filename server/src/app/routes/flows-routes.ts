// The flows of a bot. A bot has a main flow (the one `PUT /api/bots/:id/flow` edits and new
// conversations start in) and any number of others that triggers and "Go to flow" steps reach.
// Each has its own draft; publishing publishes them all together (bot-routes.ts).
import { Router, type Request } from 'express';
import { requirePermission } from '../auth/middleware';
import { param } from '../http/params';
import { parseBody } from '../http/validate-body';
import { audit } from '../services/audit';
import { loadBot } from '../services/bot-service';
import { createFlow, deleteFlow, duplicateFlow, listFlows, renameFlow } from '../services/bot-flows';
import { getDraft, saveDraft } from '../services/flow-service';
import type { AppContext } from '../app-context';

export function flowsRoutes(ctx: AppContext): Router {
  const router = Router();
  const read = requirePermission('bots:read');
  const write = requirePermission('bots:write');
  const botOf = async (req: Request) => (await loadBot(param(req, 'id')))._id;

  router.get('/bots/:id/flows', read, async (req, res) => void res.json(await listFlows(await botOf(req))));

  router.post('/bots/:id/flows', write, async (req, res) => {
    const botId = await botOf(req);
    const { name } = parseBody('create-flow', req.body);
    const created = await createFlow(botId, name);
    await audit(req, 'flow.created', { type: 'bot', id: botId.toString() }, { flowId: created.id, name: created.name });
    res.status(201).json(created);
  });

  router.get('/bots/:id/flows/:flowId', read, async (req, res) => {
    const botId = await botOf(req);
    res.json(await getDraft(botId.toString(), param(req, 'flowId')));
  });

  router.put('/bots/:id/flows/:flowId', write, async (req, res) => {
    const botId = await botOf(req);
    const body = parseBody('save-flow', req.body);
    res.json(await saveDraft(botId.toString(), body, ctx.now(), param(req, 'flowId')));
  });

  router.patch('/bots/:id/flows/:flowId', write, async (req, res) => {
    const botId = await botOf(req);
    const { name } = parseBody('rename-flow', req.body);
    const renamed = await renameFlow(botId, param(req, 'flowId'), name);
    await audit(req, 'flow.renamed', { type: 'bot', id: botId.toString() }, { flowId: renamed.id, name: renamed.name });
    res.json(renamed);
  });

  router.post('/bots/:id/flows/:flowId/duplicate', write, async (req, res) => {
    const botId = await botOf(req);
    const copy = await duplicateFlow(botId, param(req, 'flowId'));
    await audit(req, 'flow.duplicated', { type: 'bot', id: botId.toString() }, { flowId: copy.id, from: param(req, 'flowId'), name: copy.name });
    res.status(201).json(copy);
  });

  router.delete('/bots/:id/flows/:flowId', write, async (req, res) => {
    const botId = await botOf(req);
    const deleted = await deleteFlow(botId, param(req, 'flowId'), ctx.triggers);
    await audit(req, 'flow.deleted', { type: 'bot', id: botId.toString() }, { flowId: deleted.id, name: deleted.name });
    res.status(204).end();
  });

  return router;
}
