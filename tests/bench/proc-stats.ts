// Reads a process's memory and CPU time from /proc (Linux only): VmRSS now, VmHWM = the kernel's
// peak RSS, utime+stime = CPU seconds used so far.
import { readFileSync, readdirSync } from 'node:fs';

const MB = 1024 * 1024;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process (or /proc itself) is gone
  }
}

/** CPU seconds (user + system) the process has used; assumes the usual 100 clock ticks a second. */
export function cpuSeconds(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Pids of the direct children of `pid`, from every thread's children list. */
export function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((t) => (readText(`/proc/${pid}/task/${t}/children`) ?? '').split(/\s+/).filter(Boolean).map(Number));
}

/** Direct children of `pid` whose command name is `comm` (e.g. 'java' for the local MongoDB). */
export function childrenNamed(pid: number, comm: string): number[] {
  return childrenOf(pid).filter((c) => (readText(`/proc/${c}/comm`) ?? '').trim() === comm);
}

/**
 * The process that really runs the server: `pid` itself, or, when `pid` is a wrapper (the tsx CLI
 * spawns node again), its node child. Descends while there is exactly one node child.
 */
export function resolveServerPid(pid: number): number {
  let current = pid;
  for (let depth = 0; depth < 3; depth++) {
    const nodeChildren = childrenNamed(current, 'node');
    if (nodeChildren.length !== 1) break;
    current = nodeChildren[0]!;
  }
  return current;
}

export interface MemoryReading {
  rssBytes: number;
  hwmBytes: number;
}

export function readMemory(pid: number): MemoryReading | undefined {
  const status = readText(`/proc/${pid}/status`);
  if (!status) return undefined;
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  const reading = { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
  return Number.isFinite(reading.rssBytes) ? reading : undefined;
}

export interface MemorySampler {
  /** The pid being sampled (re-resolved on each tick until the wrapper's child shows up). */
  pid(): number;
  /** Highest VmRSS seen by the sampler since `resetPeak`. */
  sampledPeakBytes(): number;
  resetPeak(): void;
  /** One reading now (VmRSS and VmHWM). */
  now(): MemoryReading | undefined;
  stop(): void;
}

export function startMemorySampler(spawnedPid: number, everyMs = 100): MemorySampler {
  let pid = resolveServerPid(spawnedPid);
  let peak = 0;
  const tick = () => {
    if (pid === spawnedPid) pid = resolveServerPid(spawnedPid);
    const reading = readMemory(pid);
    if (reading) peak = Math.max(peak, reading.rssBytes);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    pid: () => pid,
    sampledPeakBytes: () => peak,
    resetPeak: () => void (peak = readMemory(pid)?.rssBytes ?? 0),
    now: () => readMemory(pid),
    stop: () => clearInterval(timer),
  };
}

export const toMb = (bytes: number | undefined): number | null =>
  bytes === undefined || !Number.isFinite(bytes) ? null : Math.round((bytes / MB) * 10) / 10;
