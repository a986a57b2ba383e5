// Measures the Express hello-world ceiling in the same run as Botloom: a child process, the same
// fetch client, the same number of requests in flight.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from './proc-stats';
import { latencySummary, round } from './stats';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CeilingResult {
  requests: number;
  concurrency: number;
  wallSeconds: number | null;
  requestsPerSecond: number | null;
  latencyMs: ReturnType<typeof latencySummary>;
  serverCpuPercentOfOneCore: number | null;
  errors: number;
}

export async function measureExpressCeiling(requests: number, concurrency: number, signal: AbortSignal): Promise<CeilingResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/express-hello-world.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += String(d);
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`the Express hello world exited (${code}) before listening`)));
    });
    const url = `http://127.0.0.1:${port}/`;
    const hit = async () => {
      // no abort signal per request (undici would keep a listener on it per keep-alive request);
      // the loop checks the signal between requests
      const res = await fetch(url);
      await res.text();
      return res.status === 200;
    };
    for (let i = 0; i < 200; i++) await hit(); // warm-up: JIT and keep-alive connections
    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const cpuBefore = cpuSeconds(child.pid!);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests && !signal.aborted) {
          next++;
          const started = performance.now();
          const ok = await hit().catch(() => false);
          latencies.push(performance.now() - started);
          if (!ok) errors++;
        }
      }),
    );
    const wallS = (performance.now() - t0) / 1000;
    const cpuAfter = cpuSeconds(child.pid!);
    return {
      requests: latencies.length,
      concurrency,
      wallSeconds: round(wallS, 3),
      requestsPerSecond: round(latencies.length / wallS, 0),
      latencyMs: latencySummary(latencies),
      serverCpuPercentOfOneCore:
        cpuBefore === undefined || cpuAfter === undefined ? null : round(((cpuAfter - cpuBefore) / wallS) * 100, 0),
      errors,
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
