// Everything the bench runs around Botloom: the database (the local engine, or MONGODB_URI), a
// counting proxy in front of it, the flow's webhook target, the Twilio stand-in, and Botloom
// itself as a child process that can be killed with SIGKILL and started again on the same data.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLocalMongo } from '../../server/src/adapters/mongo/local-mongo';
import { PUBLIC_URL } from '../support/botloom-outside';
import { startServerChild, waitHealthy, type ServerChild } from '../support/server-child';
import { startTwilioStandIn, type TwilioStandIn } from '../support/twilio-stand-in';
import { startCountingProxy, type CountingProxy } from './mongo-counting-proxy';
import { childrenNamed, startMemorySampler, type MemorySampler } from './proc-stats';
import { startWebhookServer, type WebhookServer } from './webhook-server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN = { email: 'bench@botloom.test', password: 'bench-horse-battery-staple' };

export interface BenchStack {
  proxy: CountingProxy;
  webhook: WebhookServer;
  twilio: TwilioStandIn;
  /** The pid of the database engine (java) when the bench started it. */
  mongoPid: number | undefined;
  server(): ServerChild;
  sampler(): MemorySampler;
  startupMs: number;
  /** SIGKILL the server and start a new one on the same database; resolves once it is healthy. */
  killAndRestart(signal: AbortSignal): Promise<{ downMs: number }>;
}

/** A fresh database on the given server, so a bench never meets old data (or another admin). */
function freshDatabase(uri: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error('MONGODB_URI is not a mongodb:// URI');
  return `${m[1]}/botloom_bench_${randomBytes(4).toString('hex')}${m[3] ?? ''}`;
}

export async function startBenchStack(opts: {
  webhookDelayMs: number;
  cpuProfDir?: string;
  log: (line: string) => void;
  signal: AbortSignal;
  cleanups: (() => Promise<void>)[];
}): Promise<BenchStack> {
  const { log, signal, cleanups } = opts;
  let mongoUri: string;
  let mongoPid: number | undefined;
  if (process.env.MONGODB_URI) {
    mongoUri = freshDatabase(process.env.MONGODB_URI);
    log('using MONGODB_URI (fresh database)');
  } else {
    const javaBefore = new Set(childrenNamed(process.pid, 'java'));
    const mongo = await startLocalMongo({ log });
    cleanups.push(() => mongo.stop());
    mongoUri = mongo.uri;
    mongoPid = childrenNamed(process.pid, 'java').find((p) => !javaBefore.has(p));
    log(`local MongoDB-compatible server (in memory) at ${mongo.uri}`);
  }
  signal.throwIfAborted();
  const proxy = await startCountingProxy(mongoUri);
  cleanups.push(() => proxy.close());
  const webhook = await startWebhookServer(opts.webhookDelayMs);
  cleanups.push(() => webhook.close());
  const twilio = await startTwilioStandIn();
  cleanups.push(() => twilio.close());

  if (opts.cpuProfDir) mkdirSync(opts.cpuProfDir, { recursive: true });
  const nodeFlags = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const spawnServer = () =>
    startServerChild({
      cwd: ROOT,
      mongoUri: proxy.uri,
      admin: ADMIN,
      webhookPort: webhook.port,
      nodeFlags,
      env: { PUBLIC_URL, TWILIO_API_BASE_URL: twilio.url, LOGIN_ATTEMPTS_PER_15_MIN: '1000' },
      log,
    });
  let server = await spawnServer();
  let sampler = startMemorySampler(server.pid);
  cleanups.push(async () => {
    sampler.stop();
    await server.stop();
  });
  const startupMs = await waitHealthy(server, 120_000, signal);
  log(`server healthy after ${Math.round(startupMs)} ms (pid ${server.pid})`);

  return {
    proxy,
    webhook,
    twilio,
    mongoPid,
    server: () => server,
    sampler: () => sampler,
    startupMs,
    async killAndRestart(sig) {
      const t0 = performance.now();
      const old = server;
      old.child.kill('SIGKILL');
      await old.stop(); // already dead: this only waits for the exit and removes its DATA_DIR
      sampler.stop();
      server = await spawnServer();
      sampler = startMemorySampler(server.pid);
      await waitHealthy(server, 120_000, sig);
      return { downMs: performance.now() - t0 };
    },
  };
}
