// Tokens the AI steps used, read from the journal: each model call's result is journaled once, with
// the step that took it in, as an `ai_usage` entry (a call re-run after a crash is journaled only
// if its result was the one applied), so these totals count every call exactly once.
import type { Types } from 'mongoose';
import { ConversationEventModel } from '../../adapters/mongo/models';

export interface AiUsageTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

export interface AiUsageReport {
  totals: AiUsageTotals;
  byDay: Array<AiUsageTotals & { day: string; provider: string; model: string }>;
  /** The conversations that used the most tokens. */
  topConversations: Array<AiUsageTotals & { conversationId: string }>;
}

const sums = { calls: { $sum: 1 }, promptTokens: { $sum: '$data.promptTokens' }, completionTokens: { $sum: '$data.completionTokens' } };
const totalsOf = (row: Partial<AiUsageTotals>): AiUsageTotals => ({ calls: row.calls ?? 0, promptTokens: row.promptTokens ?? 0, completionTokens: row.completionTokens ?? 0 });

export async function aiUsage(botId: Types.ObjectId, since: Date): Promise<AiUsageReport> {
  const match = { $match: { botId, type: 'ai_usage', at: { $gte: since } } };
  const [days, conversations] = await Promise.all([
    ConversationEventModel.aggregate<{ _id: { day: string; provider: string; model: string } } & AiUsageTotals>([
      match,
      { $group: { _id: { day: { $dateToString: { format: '%Y-%m-%d', date: '$at' } }, provider: '$data.provider', model: '$data.model' }, ...sums } },
    ]),
    ConversationEventModel.aggregate<{ _id: Types.ObjectId } & AiUsageTotals>([match, { $group: { _id: '$conversationId', ...sums } }]),
  ]);
  const byDay = days
    .map((r) => ({ ...r._id, ...totalsOf(r) }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
  const totals = byDay.reduce((t, r) => ({ calls: t.calls + r.calls, promptTokens: t.promptTokens + r.promptTokens, completionTokens: t.completionTokens + r.completionTokens }), totalsOf({}));
  const topConversations = conversations
    .map((r) => ({ conversationId: r._id.toString(), ...totalsOf(r) }))
    .sort((a, b) => b.promptTokens + b.completionTokens - (a.promptTokens + a.completionTokens) || b.calls - a.calls)
    .slice(0, 10);
  return { totals, byDay, topConversations };
}
