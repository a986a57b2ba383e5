// Triggers of a bot and the log of their firings. The routes and the runtime reach them only here
// (MongoDB in production, an in-memory twin in unit tests; tests/contract holds both to one suite).
import type { ContactCondition, TriggerEvent } from '../domain/triggers/event-match';
import type { KeywordMatchMode } from '../domain/triggers/keyword-match';
import type { Schedule } from '../domain/triggers/schedule-plan';

export type TriggerType = 'keyword' | 'event' | 'schedule';

export interface Audience {
  tags?: string[];
  channel?: string;
}

export interface TriggerFields {
  name: string;
  type: TriggerType;
  flowId: string;
  active: boolean;
  priority: number;
  keywords?: string[];
  match?: KeywordMatchMode;
  caseSensitive?: boolean;
  event?: TriggerEvent;
  conditions?: ContactCondition[];
  schedule?: Schedule;
  audience?: Audience;
  /** Schedule triggers: when the next run is due (null: it will not run again). */
  nextRunAt?: Date | null;
}

export interface TriggerRecord extends TriggerFields {
  id: string;
  botId: string;
  createdAt: Date;
  updatedAt: Date;
}

export type TriggerOutcome = 'fired' | 'skipped' | 'failed';

export interface TriggerLogEntry {
  botId: string;
  triggerId: string;
  at: Date;
  outcome: TriggerOutcome;
  /** Why it fired or did not, in plain words. */
  reason: string;
  contactId?: string;
  /** The contact's address, kept as it was then (the contact may change later). */
  contact?: string;
  conversationId?: string;
  /** What set it off: the inbound text for keywords, the event name, the schedule run. */
  cause?: string;
}

export interface DayCount {
  /** YYYY-MM-DD, UTC. */
  day: string;
  fired: number;
  skipped: number;
  failed: number;
}

export interface TriggerStore {
  create(botId: string, fields: TriggerFields, now: Date): Promise<TriggerRecord>;
  get(botId: string, id: string): Promise<TriggerRecord | null>;
  /** Every trigger of the bot, highest priority first, then oldest. */
  list(botId: string): Promise<TriggerRecord[]>;
  /**
   * The bot's switched-on triggers, highest priority first: what the runtime reads for every message,
   * so implementations may cache it (a change made in another process shows within seconds).
   */
  active(botId: string): Promise<TriggerRecord[]>;
  /** Replaces the fields of a trigger; null when it does not exist. */
  replace(botId: string, id: string, fields: TriggerFields, now: Date): Promise<TriggerRecord | null>;
  remove(botId: string, id: string): Promise<boolean>;
  /** Triggers of the bot that start this flow (a flow they use cannot be deleted silently). */
  usingFlow(botId: string, flowId: string): Promise<TriggerRecord[]>;
  log(entry: TriggerLogEntry): Promise<void>;
  /** The latest firings of a trigger, newest first. */
  logs(botId: string, triggerId: string, limit: number): Promise<Array<TriggerLogEntry & { id: string }>>;
  /** Firings per UTC day since `since`, oldest day first; days without firings are left out. */
  countsPerDay(botId: string, triggerId: string, since: Date): Promise<DayCount[]>;
}
