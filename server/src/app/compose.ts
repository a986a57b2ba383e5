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
import { createMessengerChannel } from '../adapters/messenger/messenger-channel';
import { createChatHub } from '../adapters/webchat/chat-hub';
import { createWebChatChannel } from '../adapters/webchat/webchat-channel';
import { createChatTokens } from './webchat/chat-tokens';
import { attachChatNamespace } from './webchat/chat-socket';
import { createBotCache } from '../adapters/mongo/mongo-catalog';
import { createMongoStores } from '../adapters/mongo/mongo-stores';
import { createRuntime } from '../runtime/create-runtime';
import type { TimerWheel } from '../runtime/timer-wheel';
import { createChannelRouter } from '../runtime/channel-routing';
import type { Config } from './config';
import type { ReminderJob } from '../ports/reminder-scheduler';
import type { AppContext } from './app-context';
import { resolveVersion } from './services/flow-service';
import { ensureFirstAdmin } from './bootstrap-admin';
import { createHttpApp } from './http-app';
import { attachLiveServer } from './live/live-server';
import { createLogger } from './logger';
import { createAiGateway } from '../adapters/ai/ai-gateway';
import { createAiEffects } from '../adapters/ai/ai-effects';
import { readTranscript } from '../adapters/mongo/transcript';
import { createReminders } from './services/appointment-reminders';
import { withReminders } from './services/booking-with-reminders';

export const VERSION = '0.1.0';

export interface Botloom {
  url: string;
  server: Server;
  context: AppContext;
  /** This process's timer wheel (conversation timers). */
  timers: TimerWheel;
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

  const secretKey = loadOrCreateKey(config.secretKey, config.dataDir, (msg) => logger.warn(msg));
  const secrets = createSecretBox(secretKey);
  const chat = { hub: createChatHub(), tokens: createChatTokens(secretKey, config.chatSessionHours) };
  const live = createLocalLive();
  const http = createSafeHttp({ allowHosts: config.webhookAllowHosts });
  const calendar = createBookingService(now);
  const bots = createBotCache();
  // no key anywhere: the local model answers, offline
  const aiGateway = createAiGateway({
    env: config.openai,
    botSettings: async (botId) => {
      const own = (await bots.doc(botId))?.ai;
      return own ? { model: own.model || undefined, apiKey: own.apiKeyEnc ? secrets.open(own.apiKeyEnc) : undefined } : null;
    },
  });
  const ai = createAiEffects({ gateway: aiGateway, transcript: readTranscript });
  const stores = createMongoStores({ bots, resolveDraft: (botId) => resolveVersion(botId, 'draft') });
  const twilioChannel = createTwilioChannel({ secrets, apiBaseUrl: config.twilioApiBaseUrl, publicUrl: config.publicUrl, bots });
  const channelFor = createChannelRouter(
    {
      simulator: simulatorChannel,
      twilio: twilioChannel.forChannel,
      meta: createCloudApiChannel({ secrets, apiBaseUrl: config.whatsappApiBaseUrl, bots }),
      messenger: createMessengerChannel({ secrets, apiBaseUrl: config.messengerApiBaseUrl, bots }),
      webchat: createWebChatChannel(chat.hub),
    },
    stores.catalog,
  );

  // Agenda's handlers need the runner and the runner needs Agenda (outbox retries): late binding
  const handlers = {
    // a timer job written by an earlier version (timers now live in their conversations): the engine
    // tells whether its token is still the one awaited
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
  const jobs = createAgendaScheduler({ mongoUri: db.uri, processEveryMs: config.schedulerPollMs, handlers });
  // the reminders need the runtime's outbox and the runtime's calendar needs the reminders: late binding
  const reminders = createReminders({
    scheduler: jobs,
    outbox: { send: (req) => outbox.send(req) },
    startConversation: (target, req) => runner.start(target, req),
    now,
    log,
    journal: (id, type, data) => runner.journal(id, type, data),
  });
  const booking = withReminders(calendar, reminders, logError);
  const { runner, outbox, timers, scheduler } = createRuntime({ stores, channelFor, jobs, live, http, booking, ai, now, newId: randomUUID, log });
  // conversation timers: the first scan runs now, picking up every timer that fell due while no
  // process ran (the HTTP server and Agenda need not be up for that)
  timers.start();

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
    ai: aiGateway,
    chat,
    reminders,
    log,
    logError,
    journal: runner.journal,
    isReady: () => mongoose.connection.readyState === 1 && jobs.ready,
  };
  const app = createHttpApp(context, VERSION);
  const server = createServer(app);
  const liveServer = await attachLiveServer(server, { now, subscribe: live.subscribe, redisUrl: config.redisUrl });
  attachChatNamespace(liveServer.io, { hub: chat.hub, tokens: chat.tokens, bots, now, publicUrl: config.publicUrl });
  if (config.redisUrl) log('Live events are shared across processes through Redis');
  await ensureFirstAdmin(config.adminEmail, config.adminPassword, log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  await jobs.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log(config.openai.apiKey ? `AI nodes use ${config.openai.model ?? 'the default model'} at ${config.openai.baseUrl ?? 'OpenAI'}` : 'AI nodes use the local model (no OPENAI_API_KEY)');
  log(`Botloom ${VERSION} is listening on port ${port} (public URL ${config.publicUrl})`);

  return {
    url,
    server,
    context,
    timers,
    async close() {
      await liveServer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await timers.stop();
      await jobs.stop();
      await mongoose.disconnect();
      await db.local?.stop();
    },
  };
}
