// What every phase of the bench reports about the server while it ran: wall time, CPU of the
// server and of the database engine, the server's memory, and database round trips (counted by
// the proxy in front of the database, so whatever code issues them).
import type { BenchStack } from './bench-stack';
import { countsBetween, type CommandCounts } from './mongo-counting-proxy';
import { cpuSeconds, toMb } from './proc-stats';
import { round } from './stats';

export interface PhaseMetrics {
  wallSeconds: number | null;
  cpuPercentOfOneCore: { server: number | null; mongo: number | null };
  serverRssMb: { start: number | null; sampledPeak: number | null; end: number | null };
  dbRoundTrips: CommandCounts;
}

/** Database requests a second while nothing is asked of the server (the scheduler's polling, heartbeats). */
export async function idleRoundTripsPerSecond(stack: BenchStack, ms = 3_000): Promise<number> {
  const before = stack.proxy.counts().total;
  await new Promise((r) => setTimeout(r, ms));
  return round(((stack.proxy.counts().total - before) / ms) * 1000, 1) ?? 0;
}

export async function measurePhase<T>(stack: BenchStack, run: () => Promise<T>): Promise<{ result: T; metrics: PhaseMetrics }> {
  const sampler = stack.sampler();
  sampler.resetPeak();
  const pid = sampler.pid();
  const rssStart = sampler.now()?.rssBytes;
  const cpu0 = { server: cpuSeconds(pid), mongo: stack.mongoPid ? cpuSeconds(stack.mongoPid) : undefined };
  const db0 = stack.proxy.counts();
  const t0 = performance.now();
  const result = await run();
  const wallS = (performance.now() - t0) / 1000;
  const db1 = stack.proxy.counts();
  // a restart in the phase changes the pid: CPU then covers only the first process, so none is given
  const samePid = stack.sampler().pid() === pid;
  const share = (after: number | undefined, before: number | undefined) =>
    after === undefined || before === undefined ? null : round(((after - before) / wallS) * 100, 0);
  return {
    result,
    metrics: {
      wallSeconds: round(wallS, 3),
      cpuPercentOfOneCore: {
        server: samePid ? share(cpuSeconds(pid), cpu0.server) : null,
        mongo: share(stack.mongoPid ? cpuSeconds(stack.mongoPid) : undefined, cpu0.mongo),
      },
      serverRssMb: {
        start: toMb(rssStart),
        sampledPeak: toMb(stack.sampler().sampledPeakBytes()),
        end: toMb(stack.sampler().now()?.rssBytes),
      },
      dbRoundTrips: countsBetween(db0, db1),
    },
  };
}
