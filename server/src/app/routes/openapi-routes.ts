import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';

const OPENAPI_FILE = join(import.meta.dirname, '../../../openapi.json');

/** The API description, public like the health check, so tools can read it before signing in. */
export function openApiRoutes(): Router {
  const router = Router();
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as unknown;
  router.get('/openapi.json', (_req, res) => void res.json(document));
  return router;
}
