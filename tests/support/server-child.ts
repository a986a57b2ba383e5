// Runs the Botloom server in a child process (`node --import tsx server/src/main.ts`): the bench
// measures its memory apart from the load generator; tests run a second instance beside one in-process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerChild {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Last lines the server wrote (warnings and errors only: LOG_LEVEL=warn). */
  output(): string;
  /** SIGTERM (lets --cpu-prof write its file), SIGKILL after `graceMs`; removes DATA_DIR. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerChildOptions {
  cwd: string;
  mongoUri: string;
  admin: { email: string; password: string };
  /** Lets webhook_action reach a local test server on this port. */
  webhookPort?: number;
  /** More environment for the server (e.g. REDIS_URL). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=...']. */
  nodeFlags?: string[];
  log: (line: string) => void;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok, fail) => {
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => ok());
  });
  const address = probe.address();
  await new Promise<void>((ok) => probe.close(() => ok()));
  if (!address || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

export async function startServerChild(opts: ServerChildOptions): Promise<ServerChild> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'botloom-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    MONGODB_URI: opts.mongoUri,
    BOTLOOM_ADMIN_EMAIL: opts.admin.email,
    BOTLOOM_ADMIN_PASSWORD: opts.admin.password,
    BOTLOOM_SECRET_KEY: '0123456789abcdef'.repeat(4),
    ...(opts.webhookPort ? { WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${opts.webhookPort}` } : {}),
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ...opts.env,
  };
  const child = spawn(process.execPath, [...(opts.nodeFlags ?? []), '--import', 'tsx', 'server/src/main.ts'], {
    cwd: opts.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const onData = (d: Buffer) => {
    tail = (tail + d).slice(-10_000);
    for (const line of String(d).split('\n')) if (line.trim()) opts.log(`[server] ${line}`);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  if (child.pid === undefined) throw new Error('could not spawn the server');

  const stop = async (graceMs = 15_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { child, pid: child.pid, url: `http://127.0.0.1:${port}`, output: () => tail, stop };
}

/** Polls GET /api/health until it answers 200; fails if the child exits or time runs out. */
export async function waitHealthy(server: ServerChild, timeoutMs: number, signal: AbortSignal): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    signal.throwIfAborted();
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`the server exited (${server.child.exitCode ?? server.child.signalCode}) before it was healthy:\n${server.output()}`);
    }
    const status = await fetch(`${server.url}/api/health`, { signal: AbortSignal.any([signal, AbortSignal.timeout(2_000)]) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return performance.now() - started;
    await sleep(100);
  }
  throw new Error(`the server was not healthy within ${timeoutMs} ms:\n${server.output()}`);
}
