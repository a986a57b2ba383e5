// `npm run bench`: drives simulated contacts through a five-node flow on a Botloom server running
// in a child process, and reports throughput, latency and the server's memory. It measures; it
// never asserts. Knobs (env): BENCH_CONTACTS (200), BENCH_CONCURRENCY (20), BENCH_WARMUP (10
// contacts, not counted), BENCH_WEBHOOK_DELAY_MS (0), BENCH_CPU_PROF (a directory: the server
// writes a V8 .cpuprofile there on exit), BENCH_TIMEOUT_MS (300000: abort, clean up, exit 1),
// MONGODB_URI (use that server, in a fresh database).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalMongo } from '../../server/src/adapters/mongo/local-mongo';
import { benchFlow } from './bench-flow';
import { client, converse, pool } from './drive';
import { childrenNamed, cpuSeconds, startMemorySampler, toMb, type MemorySampler } from './proc-stats';
import { startServerChild, waitHealthy, type ServerChild } from '../support/server-child';
import { latencySummary, round, table } from './stats';
import { startWebhookServer } from './webhook-server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULT_FILE = fileURLToPath(new URL('./last-result.json', import.meta.url));
const ADMIN = { email: 'bench@botloom.test', password: 'bench-horse-battery-staple' };

function intEnv(name: string, fallback: number, min: number): number {
  const n = Number(process.env[name]);
  return process.env[name] && Number.isInteger(n) && n >= min ? n : fallback;
}
const CONTACTS = intEnv('BENCH_CONTACTS', 200, 1);
const CONCURRENCY = Math.min(intEnv('BENCH_CONCURRENCY', 20, 1), CONTACTS);
const WARMUP = intEnv('BENCH_WARMUP', 10, 0);
const WEBHOOK_DELAY_MS = intEnv('BENCH_WEBHOOK_DELAY_MS', 0, 0);
const OVERALL_TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 5 * 60_000, 1);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;

const log = (line: string) => console.log(`[bench] ${line}`);

/** A fresh database on the given server, so a bench never meets old data (or another admin). */
function freshDatabase(uri: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error('MONGODB_URI is not a mongodb:// URI');
  return `${m[1]}/botloom_bench_${randomBytes(4).toString('hex')}${m[3] ?? ''}`;
}

async function main(signal: AbortSignal, cleanups: (() => Promise<void>)[]): Promise<void> {
  let mongoUri: string;
  let javaPid: number | undefined;
  if (process.env.MONGODB_URI) {
    mongoUri = freshDatabase(process.env.MONGODB_URI);
    log('using MONGODB_URI (fresh database)');
  } else {
    const javaBefore = new Set(childrenNamed(process.pid, 'java'));
    const mongo = await startLocalMongo({ log: (line) => log(line) });
    cleanups.push(() => mongo.stop());
    mongoUri = mongo.uri;
    javaPid = childrenNamed(process.pid, 'java').find((p) => !javaBefore.has(p));
    log(`local MongoDB-compatible server (in memory) at ${mongo.uri}`);
  }
  signal.throwIfAborted();
  const webhook = await startWebhookServer(WEBHOOK_DELAY_MS);
  cleanups.push(() => webhook.close());

  if (CPU_PROF_DIR) mkdirSync(CPU_PROF_DIR, { recursive: true });
  const nodeFlags = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
  const server: ServerChild = await startServerChild({ cwd: ROOT, mongoUri, admin: ADMIN, webhookPort: webhook.port, nodeFlags, log });
  cleanups.push(() => server.stop());
  const sampler: MemorySampler = startMemorySampler(server.pid);
  cleanups.push(async () => sampler.stop());
  const startupMs = await waitHealthy(server, 120_000, signal);
  log(`server healthy after ${Math.round(startupMs)} ms (spawned pid ${server.pid}, measured pid ${sampler.pid()})`);

  const call = client(server.url, signal);
  const login = await call('POST', '/api/auth/login', { body: ADMIN });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.token as string;
  const bot = await call('POST', '/api/bots', { token, body: { name: 'Bench bot' } });
  if (bot.status !== 201) throw new Error(`creating the bot failed: ${bot.status} ${JSON.stringify(bot.body)}`);
  const botId = bot.body.id as string;
  const flow = await call('PUT', `/api/bots/${botId}/flow`, { token, body: benchFlow(webhook.port) });
  if (flow.status !== 200) throw new Error(`saving the flow failed: ${flow.status} ${JSON.stringify(flow.body)}`);

  const runId = randomBytes(3).toString('hex');
  if (WARMUP > 0) {
    const warm = await pool(
      Array.from({ length: WARMUP }, (_, i) => `warm-${runId}-${i}`),
      CONCURRENCY,
      signal,
      (c) => converse(call, token, botId, c),
    );
    log(`warm-up: ${warm.length} contacts, ${warm.filter((o) => o.error).length} errors (not counted)`);
  }

  const contacts = Array.from({ length: CONTACTS }, (_, i) => `c-${runId}-${String(i).padStart(5, '0')}`);
  const hitsBefore = webhook.hits();
  sampler.resetPeak();
  const rssBefore = sampler.now()?.rssBytes;
  const cpuBefore = { server: cpuSeconds(sampler.pid()), java: javaPid ? cpuSeconds(javaPid) : undefined, bench: process.cpuUsage() };
  const loadBefore = loadavg()[0]!;
  log(`driving ${CONTACTS} contacts, ${CONCURRENCY} at a time...`);
  const t0 = performance.now();
  const outcomes = await pool(contacts, CONCURRENCY, signal, (c) => converse(call, token, botId, c));
  const wallS = (performance.now() - t0) / 1000;
  signal.throwIfAborted();

  const end = sampler.now();
  const cpuShare = (after: number | undefined, before: number | undefined) =>
    after === undefined || before === undefined ? null : round(((after - before) / wallS) * 100, 0);
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const errors = outcomes.filter((o) => o.error);
  const inbound = outcomes.length;
  const outbound = outcomes.reduce((s, o) => s + o.replies, 0);
  const result = {
    at: new Date().toISOString(),
    contacts: CONTACTS,
    concurrency: CONCURRENCY,
    warmupContacts: WARMUP,
    webhookDelayMs: WEBHOOK_DELAY_MS,
    conversations: inbound,
    messages: { inbound, outbound, total: inbound + outbound },
    wallSeconds: round(wallS, 3),
    messagesPerSecond: round((inbound + outbound) / wallS),
    conversationsPerSecond: round(inbound / wallS),
    latencyMs: latencySummary(outcomes.map((o) => o.ms)),
    serverMemoryMb: {
      atStartOfRun: toMb(rssBefore),
      sampledPeakDuringRun: toMb(sampler.sampledPeakBytes()),
      peakVmHWM: toMb(end?.hwmBytes),
      atEnd: toMb(end?.rssBytes),
    },
    cpuPercentOfOneCore: {
      server: cpuShare(cpuSeconds(sampler.pid()), cpuBefore.server),
      mongo: cpuShare(javaPid ? cpuSeconds(javaPid) : undefined, cpuBefore.java),
      bench: round(((benchCpu.user + benchCpu.system) / 1e6 / wallS) * 100, 0),
    },
    webhookCalls: webhook.hits() - hitsBefore,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((e) => e.error))].slice(0, 5),
    serverStartupMs: Math.round(startupMs),
    node: process.version,
    machine: { cpus: cpus().length, loadAvg1mBefore: round(loadBefore, 2), loadAvg1mAfter: round(loadavg()[0]!, 2) },
    mongo: process.env.MONGODB_URI ? 'MONGODB_URI' : 'local mongo-java-server (in memory)',
  };

  const l = result.latencyMs;
  const mem = result.serverMemoryMb;
  console.log(
    '\n' +
      table([
        ['contacts', result.contacts],
        ['concurrency', result.concurrency],
        ['messages (in + out)', `${result.messages.total} (${inbound} + ${outbound})`],
        ['wall time', `${result.wallSeconds} s`],
        ['messages/s', result.messagesPerSecond],
        ['conversations/s', result.conversationsPerSecond],
        ['latency p50 / p90 / p99 / max', `${l.p50} / ${l.p90} / ${l.p99} / ${l.max} ms`],
        ['server RSS peak (VmHWM)', `${mem.peakVmHWM} MB`],
        ['server RSS peak sampled in run', `${mem.sampledPeakDuringRun} MB (start of run ${mem.atStartOfRun} MB)`],
        ['server RSS at end', `${mem.atEnd} MB`],
        [
          'CPU % of a core: server/mongo/bench',
          `${result.cpuPercentOfOneCore.server} / ${result.cpuPercentOfOneCore.mongo ?? 'n/a'} / ${result.cpuPercentOfOneCore.bench}`,
        ],
        ['webhook calls', result.webhookCalls],
        ['errors', result.errors],
        [
          'machine: cpus, load avg 1m before/after',
          `${result.machine.cpus}, ${result.machine.loadAvg1mBefore} / ${result.machine.loadAvg1mAfter}`,
        ],
      ]),
  );
  for (const sample of result.errorSamples) console.log(`  error: ${sample}`);
  writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2) + '\n');
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
}

async function run(): Promise<number> {
  const controller = new AbortController();
  const cleanups: (() => Promise<void>)[] = [];
  const abort = (reason: string) => {
    if (controller.signal.aborted) return;
    log(`aborting: ${reason}`);
    controller.abort(new Error(reason));
    // last resort if cleaning up hangs; the local MongoDB exits by itself when its stdin closes
    setTimeout(() => process.exit(2), 30_000).unref();
  };
  const overall = setTimeout(() => abort(`took over ${OVERALL_TIMEOUT_MS} ms`), OVERALL_TIMEOUT_MS);
  const onSignal = (sig: NodeJS.Signals) => abort(`got ${sig}`);
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  let code = 0;
  try {
    await main(controller.signal, cleanups);
  } catch (err) {
    console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    code = 1;
  } finally {
    clearTimeout(overall);
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error(`[bench] cleanup: ${String(e)}`));
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  if (CPU_PROF_DIR && code === 0) log(`server CPU profile written to ${CPU_PROF_DIR}`);
  return code;
}

process.exitCode = await run();
