// Durable waits: many conversations parked on a `wait` node, due spread over a window (one minute
// by default); the server is killed with SIGKILL in the middle of the window and started again.
// Every conversation must wake exactly once. Wake-up lag = the wake's reply at the Twilio stand-in
// minus the due time, where the due time is taken as the moment the flow's webhook (just before
// the wait) reached the webhook target plus the wait's duration: the server computes the real due
// time a little after that, so the lag reported is, if anything, slightly too high.
//
// The lag is reported apart for the waits due while a server was up (before the kill, or once the
// restarted server answered its health check: the target applies to these; those due just
// before the kill and not yet woken by it count here too, and are counted) and for those that fell
// due while no server ran, measured from the moment the restarted server was back.
//
// A wait's duration is fixed per flow version, so the contacts are parked in waves and the flow is
// published again before each wave with the duration that puts the wave's due times in its slice
// of the window (each conversation keeps the version it started on).
import { setTimeout as sleep } from 'node:timers/promises';
import { newMessageSid, postInboundSms, publishFlow, type Call } from '../support/botloom-outside';
import { nowMs } from '../support/twilio-stand-in';
import type { BenchStack } from './bench-stack';
import { measurePhase, type PhaseMetrics } from './phase-metrics';
import { latencySummary, round } from './stats';
import { phoneNumbers } from './twilio-phase';

const node = (id: string, type: string, data: Record<string, unknown> = {}, y = 0) => ({ id, type, position: { x: 0, y }, data });
const edge = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}-${sourceHandle ?? 'out'}-${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

export const wokeText = (contact: string) => `woke ${contact}`;

/** start -> webhook (marks the moment the wait begins) -> wait `seconds` -> send "woke <contact>". */
export function waitFlow(webhookPort: number, seconds: number) {
  return {
    nodes: [
      node('start', 'start', {}, 0),
      node(
        'mark',
        'webhook_action',
        { url: `http://127.0.0.1:${webhookPort}/park/{{contact.address}}`, method: 'POST', body: {}, timeout_ms: 10_000 },
        100,
      ),
      node('pause', 'wait', { mode: 'duration', duration: seconds, unit: 'seconds' }, 200),
      node('woke', 'send_message', { text: 'woke {{contact.address}}' }, 300),
      node('failed', 'send_message', { text: 'UNEXPECTED: mark failed' }, 400),
    ],
    edges: [edge('start', 'mark'), edge('mark', 'pause', 'success'), edge('mark', 'failed', 'failure'), edge('pause', 'woke')],
  };
}

export interface WaitsOptions {
  contacts: number;
  concurrency: number;
  windowSeconds: number;
  waves: number;
  /** Conversations per second the parking is expected to reach (to place the window after it). */
  expectedParkRate: number;
  log(line: string): void;
  signal: AbortSignal;
}

export async function runWaits(stack: BenchStack, call: Call, token: string, botId: string, opts: WaitsOptions) {
  const contacts = phoneNumbers(9, opts.contacts);
  const parkedAt = new Map<string, number>();
  const dueAt = new Map<string, number>();
  const woke = new Map<string, number[]>();
  const parkWaiters = new Map<string, () => void>();
  stack.webhook.onRequest((path, at) => {
    const m = /^\/park\/(.+)$/.exec(path);
    if (!m) return;
    parkedAt.set(m[1]!, at);
    parkWaiters.get(m[1]!)?.();
  });
  stack.twilio.onSend((send) => {
    if (send.body === wokeText(send.to)) woke.set(send.to, [...(woke.get(send.to) ?? []), send.at]);
  });

  // the window starts once parking is expected to be over, with a margin
  const parkStart = nowMs();
  let windowStart = parkStart + (opts.contacts / opts.expectedParkRate) * 1.15 * 1000 + 5_000;
  const perWave = Math.ceil(opts.contacts / opts.waves);
  let parkErrors = 0;
  let rate = opts.expectedParkRate;

  const parking = await measurePhase(stack, async () => {
    for (let w = 0; w * perWave < contacts.length; w++) {
      opts.signal.throwIfAborted();
      const wave = contacts.slice(w * perWave, (w + 1) * perWave);
      const waveStart = nowMs();
      const target = windowStart + (opts.windowSeconds * 1000 * (w + 0.5)) / opts.waves;
      const seconds = Math.max(1, Math.round((target - waveStart - ((wave.length / rate) * 1000) / 2) / 1000));
      await publishFlow(call, token, botId, waitFlow(stack.webhook.port, seconds));
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(opts.concurrency, wave.length) }, async () => {
          while (next < wave.length && !opts.signal.aborted) {
            const contact = wave[next++]!;
            const parked = new Promise<void>((r) => parkWaiters.set(contact, r));
            const status = await postInboundSms(stack.server().url, botId, { from: contact, body: 'park me', sid: newMessageSid() }).catch(
              () => 0,
            );
            if (status !== 200) {
              parkErrors++;
              continue;
            }
            const ok = await Promise.race([parked.then(() => true), sleep(60_000).then(() => false)]);
            parkWaiters.delete(contact);
            if (!ok) parkErrors++;
            else dueAt.set(contact, parkedAt.get(contact)! + seconds * 1000);
          }
        }),
      );
      rate = wave.length / ((nowMs() - waveStart) / 1000); // the next wave plans with the rate just seen
      // parking slower than expected: move the window so the rest are still parked before it opens
      // (the waves already parked keep their due times, which widens the spread: it is reported)
      const remaining = contacts.length - (w + 1) * perWave;
      if (remaining > 0)
        windowStart = Math.max(
          windowStart,
          nowMs() + (remaining / rate) * 1.15 * 1000 + 5_000 - (opts.windowSeconds * 1000 * (w + 1)) / opts.waves,
        );
    }
  });
  const parkEnd = nowMs();
  const dues = [...dueAt.values()].sort((a, b) => a - b);
  opts.log(
    `waits: ${dueAt.size} parked in ${round((parkEnd - parkStart) / 1000, 1)} s; due from +${round((dues[0]! - parkEnd) / 1000, 1)} s to +${round((dues.at(-1)! - parkEnd) / 1000, 1)} s`,
  );

  // SIGKILL in the middle of the due window, then start again on the same database
  const killAt = (dues[0]! + dues.at(-1)!) / 2;
  const wake = await measurePhase(stack, async () => {
    if (killAt > nowMs()) await sleep(killAt - nowMs());
    const dueBeforeKill = dues.filter((d) => d <= nowMs()).length;
    const wokeBeforeKill = woke.size;
    const killedAt = nowMs();
    const { downMs } = await stack.killAndRestart(opts.signal);
    const backAt = nowMs();
    opts.log(`waits: SIGKILL with ${dueBeforeKill} due and ${wokeBeforeKill} woken; back after ${Math.round(downMs)} ms`);
    // generous: a wait that never wakes is reported lost, not waited for forever
    const deadline = dues.at(-1)! + 240_000;
    while (nowMs() < deadline && [...dueAt.keys()].some((c) => !woke.has(c))) {
      opts.signal.throwIfAborted();
      await sleep(250);
    }
    await sleep(3_000); // a late second wake would show here
    return { dueBeforeKill, wokeBeforeKill, downMs, killedAt, backAt };
  });

  const { killedAt, backAt } = wake.result;
  const wokenAt = (c: string) => woke.get(c)![0]!;
  const wokenOnes = [...dueAt.entries()].filter(([c]) => woke.has(c));
  const lags = wokenOnes.map(([c, due]) => wokenAt(c) - due);
  const dueWhileDown = (due: number) => due >= killedAt && due < backAt;
  const upLags = wokenOnes.filter(([, due]) => !dueWhileDown(due)).map(([c, due]) => wokenAt(c) - due);
  const downLags = wokenOnes.filter(([, due]) => dueWhileDown(due)).map(([c]) => wokenAt(c) - backAt);
  const caughtByKill = wokenOnes.filter(([c, due]) => due < killedAt && wokenAt(c) > killedAt).length;
  return {
    contacts: opts.contacts,
    parked: dueAt.size,
    parkErrors,
    parkSeconds: round((parkEnd - parkStart) / 1000, 1),
    parkPerSecond: round(dueAt.size / ((parkEnd - parkStart) / 1000), 1),
    dueSpreadSeconds: round((dues.at(-1)! - dues[0]!) / 1000, 1),
    firstDueAfterParkingSeconds: round((dues[0]! - parkEnd) / 1000, 1),
    killedWith: { due: wake.result.dueBeforeKill, woken: wake.result.wokeBeforeKill, downMs: Math.round(wake.result.downMs), dueWhileDown: downLags.length, dueBeforeAndWokenAfter: caughtByKill },
    woken: [...dueAt.keys()].filter((c) => woke.has(c)).length,
    lost: [...dueAt.keys()].filter((c) => !woke.has(c)).length,
    wokenTwice: [...woke.values()].filter((t) => t.length > 1).length,
    lagMs: latencySummary(lags),
    /** Due while a server was up (the target's measure): due minus woken. */
    lagWhileUpMs: latencySummary(upLags),
    /** Fell due while no server ran: woken minus the moment the restarted server was back. */
    lagAfterRestartMs: latencySummary(downLags),
    // the evidence behind a loss or a double: who, when due, when (each time) woken, relative to the kill
    lostSamples: [...dueAt.entries()]
      .filter(([c]) => !woke.has(c))
      .slice(0, 5)
      .map(([c, due]) => ({ contact: c, dueVsKillMs: Math.round(due - wake.result.killedAt) })),
    twiceSamples: [...woke.entries()]
      .filter(([, t]) => t.length > 1)
      .slice(0, 5)
      .map(([c, t]) => ({
        contact: c,
        dueVsKillMs: Math.round((dueAt.get(c) ?? NaN) - wake.result.killedAt),
        wokenVsKillMs: t.map((x) => Math.round(x - wake.result.killedAt)),
      })),
    parking: { ...parking.metrics, dbRoundTripsPerConversation: round(parking.metrics.dbRoundTrips.total / Math.max(1, dueAt.size), 1) },
    wakeWindow: wake.metrics satisfies PhaseMetrics,
  };
}
