import { Router } from 'express';
import type { AppContext } from '../app-context';

export function healthRoutes(ctx: AppContext, version: string): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const ready = ctx.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'starting', database: ready ? 'ok' : 'unknown', scheduler: ready ? 'ok' : 'unknown', version });
  });
  return router;
}
