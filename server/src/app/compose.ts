// Wires adapters to ports and starts Botloom: database, scheduler, engine runner, HTTP.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import mongoose from 'mongoose';
import * as models from '../adapters/mongo/models';
import { startLocalMongo, type LocalMongo } from '../adapters/mongo/local-mongo';
import { createBookingService } from '../adapters/mongo/booking-service';
import { createAgendaScheduler } from '../adapters/agenda/agenda-scheduler';
import { createSafeHttp } from '../adapters/safe-http/safe-http';
import { createSecretBox, loadOrCreateKey } from '../adapters/crypto/secret-box';
import { createLocalLive } from '../adapters/live/local-live';
import { simulatorChannel } from '../adapters/channels/simulator-channel';
import { createTwilioChannel } from '../adapters/twilio/twilio-channel';
import { createCloudApiChannel } from '../adapters/whatsapp/cloud-api-channel';
import { createBotCache } from '../adapters/mongo/mongo-catalog';
import { createMongoStores } from '../adapters/mongo/mongo-stores';
import { createRuntime } from '../runtime/create-runtime';
import { createChannelRouter } from '../runtime/channel-routing';
import type { Config } from './config';
import type { ReminderJob } from '../ports/reminder-scheduler';
import type { AppContext } from './app-context';
import { resolveVersion } from './services/flow-service';
import { ensureFirstAdmin } from './bootstrap-admin';
import { createHttpApp } from './http-app';
import { attachLiveServer } from './live/live-server';
import { createLogger } from './logger';
import { createReminders } from './services/appointment-reminders';
import { withReminders } from './services/booking-with-reminders';

export const VERSION = '0.1.0';

export interface Botloom {
  url: string;
  server: Server;
  context: AppContext;
  close(): Promise<void>;
}

async function connectDatabase(config: Config, log: (msg: string) => void): Promise<{ uri: string; local?: LocalMongo }> {
  if (config.mongoUri) return { uri: config.mongoUri };
  const local = await startLocalMongo({ dataDir: join(config.dataDir, 'db'), log });
  return { uri: local.uri, local };
}

function describeUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@'); // never print credentials
}

export interface StartOptions {
  /** The clock every part reads (tests move it instead of sleeping); default the system clock. */
  now?: () => Date;
}

export async function startBotloom(config: Config, options: StartOptions = {}): Promise<Botloom> {
  const { logger, log, logError } = createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const db = await connectDatabase(config, (line) => log(line));
  await mongoose.connect(db.uri, { serverSelectionTimeoutMS: 15_000, monitorCommands: config.mongoMonitorCommands });
  // create collections and indexes before any write (the local server can lose writes racing them)
  await Promise.all(Object.values(models).filter((m): m is typeof models.BotModel => typeof m === 'function' && 'init' in m).map((m) => m.init()));
  log(`Connected to ${db.local ? 'the local MongoDB-compatible server' : 'MongoDB'} at ${describeUri(db.uri)}${db.local ? (db.local.persistent ? ` (data in ${join(config.dataDir, 'db')})` : ' (in memory: data is lost on exit)') : ''}`);

  const secrets = createSecretBox(loadOrCreateKey(config.secretKey, config.dataDir, (msg) => logger.warn(msg)));
  const live = createLocalLive();
  const http = createSafeHttp({ allowHosts: config.webhookAllowHosts });
  const calendar = createBookingService(now);
  const bots = createBotCache();
  const stores = createMongoStores({ bots, resolveDraft: (botId) => resolveVersion(botId, 'draft') });
  const twilioChannel = createTwilioChannel({ secrets, apiBaseUrl: config.twilioApiBaseUrl, publicUrl: config.publicUrl, bots });
  const channelFor = createChannelRouter(
    { simulator: simulatorChannel, twilio: twilioChannel.forChannel, meta: createCloudApiChannel({ secrets, apiBaseUrl: config.whatsappApiBaseUrl, bots }) },
    stores.catalog,
  );

  // the scheduler's handlers need the runner and the runner needs the scheduler: late binding
  const handlers = {
    onTimer: async (job: { conversationId: string; token: string }) => {
      await runner.deliver(job.conversationId, { type: 'timer', token: job.token }, (r) => r.state.status === 'waiting').catch((err: unknown) => {
        if (!(err instanceof Error && err.name === 'NotFoundError')) throw err;
      });
    },
    onOutboxRetry: (messageId: string) => outbox.retry(messageId),
    onRecovery: async () => {
      await runner.recoverPendingEffects(60_000);
      await runner.recoverUnprocessedInbound(30_000);
      // reminders a process died before planning (or rules changed since) are planned here
      await reminders.sweep().catch((err: unknown) => logError('planning reminders failed; the next pass tries again', { error: String(err) }));
    },
    onReminder: (job: ReminderJob) => reminders.fire(job),
  };
  const scheduler = createAgendaScheduler({ mongoUri: db.uri, processEveryMs: config.schedulerPollMs, handlers });
  // the reminders need the runtime's outbox and the runtime's calendar needs the reminders: late binding
  const reminders = createReminders({
    scheduler,
    outbox: { send: (req) => outbox.send(req) },
    startConversation: (target, req) => runner.start(target, req),
    now,
    log,
    journal: (id, type, data) => runner.journal(id, type, data),
  });
  const booking = withReminders(calendar, reminders, logError);
  const { runner, outbox } = createRuntime({ stores, channelFor, scheduler, live, http, booking, now, newId: randomUUID, log });

  const context: AppContext = {
    config,
    now,
    newId: randomUUID,
    runner,
    outbox,
    bots,
    catalog: stores.catalog,
    secrets,
    live,
    scheduler,
    triggers: stores.triggers,
    reminders,
    log,
    logError,
    journal: runner.journal,
    isReady: () => mongoose.connection.readyState === 1 && scheduler.ready,
  };
  const app = createHttpApp(context, VERSION);
  const server = createServer(app);
  const liveServer = await attachLiveServer(server, { now, subscribe: live.subscribe, redisUrl: config.redisUrl });
  if (config.redisUrl) log('Live events are shared across processes through Redis');
  await ensureFirstAdmin(config.adminEmail, config.adminPassword, log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  await scheduler.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log(`Botloom ${VERSION} is listening on port ${port} (public URL ${config.publicUrl})`);

  return {
    url,
    server,
    context,
    async close() {
      await liveServer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await scheduler.stop();
      await mongoose.disconnect();
      await db.local?.stop();
    },
  };
}
