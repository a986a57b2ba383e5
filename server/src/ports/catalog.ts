// What the runtime reads but never writes: bots and flow versions. Versions are immutable; a bot
// changes rarely, so implementations cache both (see adapters/mongo/mongo-catalog.ts).
import type { RunnableFlow } from '@botloom/shared';

export interface BotSettings {
  id: string;
  timezone?: string | null;
  helpText?: string | null;
  /** Which providers are connected (the credentials stay with the channel adapters). */
  twilioWhatsappFrom?: string | null;
  whatsappConnected: boolean;
  /** Answer registered contacts only; anyone else gets one refusal (`registeredOnlyText`, else a standard one). */
  registeredOnly?: boolean;
  registeredOnlyText?: string | null;
}

export interface Catalog {
  bot(botId: string): Promise<BotSettings | null>;
  /** A flow version, validated into its runnable form. */
  flowVersion(versionId: string): Promise<RunnableFlow>;
  /** Which version a new conversation starts on. */
  resolveVersion(botId: string, source: 'draft' | 'published'): Promise<{ flowId: string; versionId: string } | null>;
}

export interface AuditStore {
  record(entry: { action: string; targetType: string; targetId: string; details: Record<string, unknown>; at: Date }): Promise<void>;
}
