// The Express application: security headers, body parsing, routes, the studio, error mapping.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppContext } from './app-context';
import { auditApiKeyChanges, authenticate } from './auth/middleware';
import { audit } from './services/audit';
import { errorHandler, notFoundHandler } from './http/errors';
import { aiRoutes } from './routes/ai-routes';
import { analyticsRoutes } from './routes/analytics-routes';
import { authRoutes } from './routes/auth-routes';
import { botRoutes } from './routes/bot-routes';
import { bookingRoutes } from './routes/booking-routes';
import { channelRoutes } from './routes/channel-routes';
import { contactRoutes } from './routes/contact-routes';
import { conversationRoutes } from './routes/conversation-routes';
import { conversationStartRoutes } from './routes/conversation-start-routes';
import { healthRoutes } from './routes/health-routes';
import { triggerRoutes } from './routes/trigger-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { flowsRoutes } from './routes/flows-routes';
import { openApiRoutes } from './routes/openapi-routes';
import { simulatorRoutes } from './routes/simulator-routes';
import { userRoutes } from './routes/user-routes';
import { keepRawBody } from './webhooks/raw-body';
import { twilioWebhooks } from './webhooks/twilio-webhooks';
import { whatsappWebhooks } from './webhooks/whatsapp-webhooks';
import { messengerWebhooks } from './webhooks/messenger-webhooks';
import { chatRoutes } from './webchat/chat-routes';

export function createHttpApp(ctx: AppContext, version: string): Express {
  const app = express();
  app.disable('x-powered-by');
  // only a proxy on this machine may set X-Forwarded-For (else clients could dodge the login limit)
  app.set('trust proxy', ctx.config.trustProxy);
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'worker-src': ["'self'", 'blob:'], 'img-src': ["'self'", 'data:', 'https:'] } } }));

  // provider webhooks are signature-checked instead of authenticated: Twilio's are form-encoded,
  // Meta's are JSON signed over the exact bytes (kept for the signature check)
  app.use('/webhooks', express.urlencoded({ extended: false, limit: '256kb' }), express.json({ limit: '1mb', verify: keepRawBody }), twilioWebhooks(ctx), whatsappWebhooks(ctx), messengerWebhooks(ctx));

  // the public web chat: guests' tokens, the bots' allowed origins and rate limits guard it
  app.use('/chat', chatRoutes(ctx));

  const api = express.Router();
  api.use(express.json({ limit: '2mb' }), cookieParser());
  api.use(healthRoutes(ctx, version));
  api.use(openApiRoutes());
  api.use('/auth', authRoutes(ctx));
  api.use(authenticate(ctx.now));
  api.use(auditApiKeyChanges((req, status) => audit(req, 'api_key.request', { type: 'api_key', id: req.user!.apiKey!.id }, { method: req.method, path: req.originalUrl.split('?')[0], status })));
  api.use(botRoutes(ctx), simulatorRoutes(ctx), conversationRoutes(ctx), conversationStartRoutes(ctx), bookingRoutes(ctx), channelRoutes(ctx), userRoutes(ctx.now), apiKeyRoutes(ctx), contactRoutes(ctx), analyticsRoutes(ctx), flowsRoutes(ctx), triggerRoutes(ctx), aiRoutes(ctx));
  api.use(notFoundHandler);
  app.use('/api', api);

  const studioDir = resolve(ctx.config.studioDir ?? join(import.meta.dirname, '../../../studio/dist'));
  if (existsSync(join(studioDir, 'index.html'))) {
    app.use(express.static(studioDir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/|webhooks\/|chat\/|socket\.io\/).*/, (_req, res) => res.sendFile(join(studioDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => void res.type('text/plain').send('Botloom API is running. The studio has not been built (npm run build -w studio).'));
  }
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logError));
  return app;
}
