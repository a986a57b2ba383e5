import type { SecretBox } from '../adapters/crypto/secret-box';
import type { AiGateway } from '../adapters/ai/ai-gateway';
import type { LivePort } from '../ports/live';
import type { SchedulerPort } from '../ports/scheduler';
import type { TriggerStore } from '../ports/trigger-store';
import type { Config } from './config';
import type { BotCache } from '../adapters/mongo/mongo-catalog';
import type { Catalog } from '../ports/catalog';
import type { ConversationRunner } from '../runtime/runner';
import type { Outbox } from '../runtime/outbox';
import type { ChatHub } from '../adapters/webchat/chat-hub';
import type { ChatTokens } from './webchat/chat-tokens';
import type { Reminders } from './services/appointment-reminders';

/** What routes need, wired once in compose.ts. */
export interface AppContext {
  config: Config;
  now(): Date;
  runner: ConversationRunner;
  outbox: Outbox;
  /** Bots, cached for the message path (webhook signatures, channel credentials). */
  bots: BotCache;
  /** Flow versions (cached) and which one is published. */
  catalog: Catalog;
  secrets: SecretBox;
  live: LivePort;
  scheduler: SchedulerPort;
  triggers: TriggerStore;
  /** Which language model answers for a bot (the studio's "Try a sentence" asks it directly). */
  ai: AiGateway;
  /** Web chat: where replies go (a waiting request or the session's sockets) and the guests' tokens. */
  chat: { hub: ChatHub; tokens: ChatTokens };
  /** Appointment reminders: planning, the job's handler, the sweep. */
  reminders?: Reminders;
  newId(): string;
  /** Appends an entry to a conversation's journal outside an engine step. */
  journal(conversationId: string, type: string, data: Record<string, unknown>): Promise<void>;
  log(msg: string, extra?: Record<string, unknown>): void;
  /** Bugs and failures someone must look at; shown at every log level but silent. */
  logError(msg: string, extra?: Record<string, unknown>): void;
  isReady(): boolean;
}
