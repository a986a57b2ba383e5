// Wires the runtime from its ports: the stores (MongoDB in production, in-memory twins in unit
// tests), the channels, the job scheduler, live events and outbound HTTP. Conversation timers are the
// runtime's own: durable in the conversations, fired by the timer wheel (start it with timers.start()).
import type { AiEffectPort } from '../ports/ai';
import type { BookingPort } from '../ports/booking';
import type { HttpPort } from '../ports/outbound-http';
import type { LivePort } from '../ports/live';
import type { JobSchedulerPort, SchedulerPort } from '../ports/scheduler';
import type { Stores } from '../ports/stores';
import { createConversations } from './conversations';
import { createJournalWriter } from './journal-writer';
import { createOutbox, type OutboxDeps } from './outbox';
import { createRunner } from './runner';
import { createSenderPacer } from './sender-pacer';
import { createTimerWheel, type TimerWheelOptions } from './timer-wheel';

export interface RuntimeDeps {
  stores: Stores;
  channelFor: OutboxDeps['channelFor'];
  /** Durable jobs (outbox retries); timers are not its business. */
  jobs: JobSchedulerPort;
  timerWheel?: TimerWheelOptions;
  live: LivePort;
  http: HttpPort;
  booking: BookingPort;
  /** Language model calls; optional so a runtime without one still runs every other node. */
  ai?: AiEffectPort;
  now(): Date;
  newId(): string;
  log(msg: string, extra?: Record<string, unknown>): void;
  /** Pace sends per sender (default on). */
  pacing?: boolean;
}

export function createRuntime(deps: RuntimeDeps) {
  const journal = createJournalWriter(deps.stores.journal, { onError: (err) => deps.log('writing the journal failed; it is retried', { error: String(err) }) });
  const conversations = createConversations(deps.stores.conversations, journal, {
    disarmed: (conversationId, tokens) => tokens.forEach((token) => void timers.cancelTimer({ conversationId, token })),
  });
  const journalOutside = (conversationId: string, type: string, data: Record<string, unknown>) => conversations.appendOutside(conversationId, type, data, deps.now());
  // the wheel fires through the runner, which tells the wheel about the timers it arms: bound late
  const timers = createTimerWheel(
    {
      store: deps.stores.conversations,
      prime: (record) => conversations.prime(record),
      deliver: (conversationId, event, guard) => runner.deliver(conversationId, event, guard),
      now: deps.now,
      log: deps.log,
    },
    deps.timerWheel,
  );
  const scheduler: SchedulerPort = {
    scheduleTimer: (job, at) => timers.scheduleTimer(job, at),
    cancelTimer: (job) => timers.cancelTimer(job),
    scheduleOutboxRetry: (messageId, at) => deps.jobs.scheduleOutboxRetry(messageId, at),
  };
  const outbox = createOutbox({
    stores: deps.stores,
    channelFor: deps.channelFor,
    scheduler,
    live: deps.live,
    now: deps.now,
    log: deps.log,
    journal: journalOutside,
    pacer: deps.pacing === false ? undefined : createSenderPacer({ store: deps.stores.pace, now: deps.now }),
  });
  const runner = createRunner({ ...deps, scheduler, conversations, journal, outbox });
  return { runner, outbox, conversations, journal, timers, scheduler };
}

export type Runtime = ReturnType<typeof createRuntime>;
