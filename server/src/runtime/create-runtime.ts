// Wires the runtime from its ports: the stores (MongoDB in production, in-memory twins in unit
// tests), the channels, the scheduler, live events and outbound HTTP.
import type { AiEffectPort } from '../ports/ai';
import type { BookingPort } from '../ports/booking';
import type { HttpPort } from '../ports/outbound-http';
import type { LivePort } from '../ports/live';
import type { SchedulerPort } from '../ports/scheduler';
import type { Stores } from '../ports/stores';
import { createConversations } from './conversations';
import { createJournalWriter } from './journal-writer';
import { createOutbox, type OutboxDeps } from './outbox';
import { createRunner } from './runner';
import { createSenderPacer } from './sender-pacer';

export interface RuntimeDeps {
  stores: Stores;
  channelFor: OutboxDeps['channelFor'];
  scheduler: SchedulerPort;
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
  const conversations = createConversations(deps.stores.conversations, journal);
  const journalOutside = (conversationId: string, type: string, data: Record<string, unknown>) => conversations.appendOutside(conversationId, type, data, deps.now());
  const outbox = createOutbox({
    stores: deps.stores,
    channelFor: deps.channelFor,
    scheduler: deps.scheduler,
    live: deps.live,
    now: deps.now,
    log: deps.log,
    journal: journalOutside,
    pacer: deps.pacing === false ? undefined : createSenderPacer({ store: deps.stores.pace, now: deps.now }),
  });
  const runner = createRunner({ ...deps, conversations, journal, outbox });
  return { runner, outbox, conversations, journal };
}

export type Runtime = ReturnType<typeof createRuntime>;
