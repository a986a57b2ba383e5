// `npm run bench`: measures Botloom from the outside, in one run: an Express 5 hello world as the
// ceiling; the simulator; the production path (signed Twilio webhooks to a published flow, replies
// caught by a Twilio stand-in through the server's real SDK); and durable waits across a SIGKILL.
// Botloom runs as a child process behind a proxy that counts its database round trips. It
// measures; it never asserts. Prints a table and writes tests/bench/last-result.json.
//
// Flags: --quick (smaller counts), --no-waits (skip the durable waits), --waits (only them).
// Knobs (env): BENCH_CONCURRENCY (50), BENCH_SIM_CONTACTS, BENCH_TWILIO_CONTACTS,
// BENCH_EXPRESS_REQUESTS, BENCH_WAITS (10000; 1000 with --quick), BENCH_WAIT_WINDOW_S (60),
// BENCH_WAIT_PARK_RATE (conversations parked a second, to plan the window: the Twilio phase's rate, or
// 100 with --waits), BENCH_WARMUP (20), BENCH_WEBHOOK_DELAY_MS (0), BENCH_CPU_PROF (a directory: the server writes a
// V8 .cpuprofile there on exit), BENCH_TIMEOUT_MS (abort, clean up, exit 1), MONGODB_URI.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTwilioBot, jsonClient, login } from '../support/botloom-outside';
import { benchFlow } from './bench-flow';
import { ADMIN, startBenchStack } from './bench-stack';
import { converse, pool } from './drive';
import { measureExpressCeiling } from './express-ceiling';
import { idleRoundTripsPerSecond, measurePhase } from './phase-metrics';
import { markdownTable, printReport } from './report';
import { latencySummary, round } from './stats';
import { phoneNumbers, replyRouter, twilioConversation } from './twilio-phase';
import { runWaits, waitFlow } from './waits-phase';

const RESULT_FILE = fileURLToPath(new URL('./last-result.json', import.meta.url));
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const ONLY_WAITS = args.has('--waits');
const WAITS = !args.has('--no-waits');

function intEnv(name: string, fallback: number, min: number): number {
  const n = Number(process.env[name]);
  return process.env[name] && Number.isInteger(n) && n >= min ? n : fallback;
}
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 50, 1);
const SIM_CONTACTS = intEnv('BENCH_SIM_CONTACTS', QUICK ? 150 : 400, 1);
const TWILIO_CONTACTS = intEnv('BENCH_TWILIO_CONTACTS', QUICK ? 200 : 600, 1);
const EXPRESS_REQUESTS = intEnv('BENCH_EXPRESS_REQUESTS', QUICK ? 5_000 : 20_000, 1);
const WAIT_CONTACTS = intEnv('BENCH_WAITS', QUICK ? 1_000 : 10_000, 1);
const WAIT_WINDOW_S = intEnv('BENCH_WAIT_WINDOW_S', 60, 10);
const WARMUP = intEnv('BENCH_WARMUP', 20, 0);
const WAIT_PARK_RATE = intEnv('BENCH_WAIT_PARK_RATE', 0, 1);
const WEBHOOK_DELAY_MS = intEnv('BENCH_WEBHOOK_DELAY_MS', 0, 0);
const OVERALL_TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 30 * 60_000, 1);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;

const log = (line: string) => console.log(`[bench] ${line}`);
const errorsOf = (outcomes: { error?: string }[]) => {
  const errors = outcomes.filter((o) => o.error);
  return { errors: errors.length, errorSamples: [...new Set(errors.map((e) => e.error))].slice(0, 5) };
};

async function main(signal: AbortSignal, cleanups: (() => Promise<void>)[]): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const result: Record<string, unknown> = { at: new Date().toISOString(), quick: QUICK, concurrency: CONCURRENCY };

  if (!ONLY_WAITS) {
    log(`Express 5 hello world: ${EXPRESS_REQUESTS} requests, ${CONCURRENCY} in flight...`);
    result.expressCeiling = await measureExpressCeiling(EXPRESS_REQUESTS, CONCURRENCY, signal);
  }

  const stack = await startBenchStack({ webhookDelayMs: WEBHOOK_DELAY_MS, cpuProfDir: CPU_PROF_DIR, log, signal, cleanups });
  const call = jsonClient(stack.server().url, signal);
  const token = await login(call, ADMIN);
  result.serverStartupMs = Math.round(stack.startupMs);
  result.idleDbRoundTripsPerSecond = await idleRoundTripsPerSecond(stack);

  if (!ONLY_WAITS) {
    // the simulator: one request runs the whole flow and answers with the replies
    const simBot = await call('POST', '/api/bots', { token, body: { name: 'Bench simulator' } });
    await call('PUT', `/api/bots/${simBot.body.id}/flow`, { token, body: benchFlow(stack.webhook.port) });
    const sim = jsonClient(stack.server().url, signal);
    const simulate = (c: string) => converse(sim, token, simBot.body.id, c);
    await pool(
      Array.from({ length: WARMUP }, (_, i) => `warm-${i}`),
      CONCURRENCY,
      signal,
      simulate,
    );
    log(`simulator: ${SIM_CONTACTS} conversations, ${CONCURRENCY} in flight...`);
    const simContacts = Array.from({ length: SIM_CONTACTS }, (_, i) => `sim-${String(i).padStart(5, '0')}`);
    const s = await measurePhase(stack, () => pool(simContacts, CONCURRENCY, signal, simulate));
    const simWall = s.metrics.wallSeconds ?? NaN;
    const simReplies = s.result.reduce((n, o) => n + o.replies, 0);
    result.simulator = {
      conversations: s.result.length,
      conversationsPerSecond: round(s.result.length / simWall),
      messagesPerSecond: round((s.result.length + simReplies) / simWall),
      latencyMs: latencySummary(s.result.map((o) => o.ms)),
      dbRoundTripsPerConversation: round(s.metrics.dbRoundTrips.total / s.result.length, 1),
      ...errorsOf(s.result),
      metrics: s.metrics,
    };

    // the production path: signed Twilio webhooks to the published flow
    const botId = await createTwilioBot(call, token, 'Bench Twilio', benchFlow(stack.webhook.port));
    const pending = replyRouter(stack);
    const converseTwilio = twilioConversation(stack, botId, pending);
    await pool(phoneNumbers(1, WARMUP), CONCURRENCY, signal, converseTwilio);
    log(`Twilio webhooks: ${TWILIO_CONTACTS} conversations, ${CONCURRENCY} in flight...`);
    const t = await measurePhase(stack, () => pool(phoneNumbers(2, TWILIO_CONTACTS), CONCURRENCY, signal, converseTwilio));
    const wall = t.metrics.wallSeconds ?? NaN;
    const replies = t.result.reduce((n, o) => n + o.replies, 0);
    result.twilio = {
      conversations: t.result.length,
      conversationsPerSecond: round(t.result.length / wall),
      messagesPerSecond: round((t.result.length + replies) / wall),
      latencyToFirstReplyMs: latencySummary(t.result.map((o) => o.firstMs).filter(Number.isFinite)),
      latencyToLastReplyMs: latencySummary(t.result.map((o) => o.lastMs).filter(Number.isFinite)),
      dbRoundTripsPerConversation: round(t.metrics.dbRoundTrips.total / t.result.length, 1),
      dbRoundTripsPerConversationByCommand: Object.fromEntries(
        Object.entries(t.metrics.dbRoundTrips.byCommand).map(([k, v]) => [k, round(v / t.result.length, 2)]),
      ),
      ...errorsOf(t.result),
      metrics: t.metrics,
    };
  }

  if (WAITS) {
    const twilioRate = WAIT_PARK_RATE || ((result.twilio as { conversationsPerSecond?: number } | undefined)?.conversationsPerSecond ?? 100);
    const botId = await createTwilioBot(call, token, 'Bench waits', waitFlow(stack.webhook.port, WAIT_WINDOW_S));
    log(`durable waits: ${WAIT_CONTACTS} conversations due over ${WAIT_WINDOW_S} s, SIGKILL in the middle...`);
    result.waits = await runWaits(stack, jsonClient(stack.server().url, signal), token, botId, {
      contacts: WAIT_CONTACTS,
      concurrency: CONCURRENCY,
      windowSeconds: WAIT_WINDOW_S,
      waves: 20,
      expectedParkRate: Math.max(1, twilioRate),
      log,
      signal,
    });
  }

  result.node = process.version;
  result.machine = { cpus: cpus().length, loadAvg1mBefore: round(loadBefore, 2), loadAvg1mAfter: round(loadavg()[0]!, 2) };
  result.mongo = process.env.MONGODB_URI ? 'MONGODB_URI' : 'local mongo-java-server (in memory)';
  printReport(result);
  console.log(`\nFor the README:\n${markdownTable(result)}\n`);
  writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2) + '\n');
  log(`written to ${RESULT_FILE}`);
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
