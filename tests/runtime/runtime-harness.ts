// The runtime on its in-memory twins: no database, no network. A channel that records what it was
// asked to send, a job scheduler that does nothing, an HTTP port answering as told, and a clock of
// its own (advanceClock; timers due by it fire with timers.fireDue()).
import { createMemoryStores } from '../../server/src/adapters/memory/memory-stores';
import type { AiEffectPort } from '../../server/src/ports/ai';
import type { ChannelMessage, ChannelPort } from '../../server/src/ports/channel';
import type { LiveEvent } from '../../server/src/ports/live';
import { createRuntime } from '../../server/src/runtime/create-runtime';
import { newObjectId } from '../../server/src/runtime/object-id';
import type { TimerWheelOptions } from '../../server/src/runtime/timer-wheel';

export const node = (id: string, type: string, data: Record<string, unknown> = {}) => ({ id, type, position: { x: 0, y: 0 }, data });
export const edge = (source: string, target: string, sourceHandle?: string) => ({ id: `${source}-${sourceHandle ?? 'out'}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) });

export function startRuntime(
  opts: {
    http?: (url: string) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown };
    stores?: ReturnType<typeof createMemoryStores>;
    botId?: string;
    /** Another provider than the recording one (two processes sharing one, say). */
    channel?: ChannelPort;
    /** Language model calls (ai_intent, ai_reply). */
    ai?: AiEffectPort;
    /** The timer wheel's settings (two processes sharing a store, say). */
    timerWheel?: TimerWheelOptions;
    /** Starts the clock here (two processes sharing one time). */
    clock?: { now: number };
  } = {},
) {
  const stores = opts.stores ?? createMemoryStores();
  const sent: ChannelMessage[] = [];
  const channel: ChannelPort = {
    async send(message) {
      sent.push(message);
      return { providerId: `P${sent.length}`, status: 'sent' };
    },
  };
  const live: LiveEvent[] = [];
  const logs: string[] = [];
  const clock = opts.clock ?? { now: Date.UTC(2030, 0, 1, 9) };
  const runtime = createRuntime({
    stores,
    channelFor: () => opts.channel ?? channel,
    jobs: { async scheduleOutboxRetry() {} },
    timerWheel: opts.timerWheel,
    live: { publish: (e) => live.push(e) },
    http: { request: async (req) => (opts.http ?? (() => ({ status: 200, body: {} })))(req.url) },
    booking: { handle: async () => ({ ok: false, error: 'no calendars here' }) },
    ai: opts.ai,
    now: () => new Date(clock.now),
    newId: () => newObjectId(),
    log: (msg) => logs.push(msg),
    pacing: false,
  });
  const botId = opts.botId ?? newObjectId();
  stores.catalog.addBot({ id: botId, whatsappConnected: false, timezone: 'UTC' });

  return {
    ...runtime,
    stores,
    sent,
    live,
    logs,
    botId,
    advanceClock: (ms: number) => (clock.now += ms),
    now: () => new Date(clock.now),
    publish(flow: { nodes: unknown[]; edges: unknown[] }) {
      const versionId = newObjectId();
      stores.catalog.addVersion(botId, versionId, flow as never);
      return versionId;
    },
    /** A contact's message through the inbox, answered before this resolves. */
    async say(address: string, text: string, providerId?: string) {
      const receipt = await runtime.runner.receive({ botId, channel: 'sms', address, text, providerId, flowSource: 'published' });
      if (!receipt.duplicate || receipt.unhandled) await runtime.runner.processUntil(receipt.contactId, receipt.messageId);
      return receipt;
    },
    textsTo: (address: string) => sent.filter((m) => m.to === address).map((m) => m.text),
  };
}
