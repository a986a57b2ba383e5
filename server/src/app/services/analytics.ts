// Numbers for the canvas and the analytics screen, computed by the database from conversations,
// the journal and messages.
import type { Types } from 'mongoose';
import { ConversationEventModel, ConversationModel, MessageModel } from '../../adapters/mongo/models';

const LIVE_STATUSES = ['active', 'waiting', 'handoff'];

/** How many contacts are at each node right now (waiting there, being served, or with an agent). */
export async function liveNodeCounts(botId: Types.ObjectId, source?: 'draft' | 'published'): Promise<Record<string, number>> {
  const match: Record<string, unknown> = { botId, status: { $in: LIVE_STATUSES }, nodeId: { $ne: null } };
  if (source) match.source = source;
  const rows = await ConversationModel.aggregate<{ _id: string; n: number }>([{ $match: match }, { $group: { _id: '$nodeId', n: { $sum: 1 } } }]);
  return Object.fromEntries(rows.map((r) => [r._id, r.n]));
}

export interface VersionFunnel {
  conversations: Record<'started' | 'completed' | 'failed' | 'active' | 'waiting' | 'handoff', number>;
  nodes: Array<{ nodeId: string; reached: number; continued: number; dropOff: number }>;
}

/** Per flow version: outcomes, and for each node how many conversations reached it and went on.
 * Reaching an End node is finishing, not dropping off. */
export async function versionFunnel(botId: Types.ObjectId, flowVersionId: Types.ObjectId, endNodeIds: ReadonlySet<string>): Promise<VersionFunnel> {
  const statusRows = await ConversationModel.aggregate<{ _id: string; n: number }>([{ $match: { botId, flowVersionId } }, { $group: { _id: '$status', n: { $sum: 1 } } }]);
  const byStatus = Object.fromEntries(statusRows.map((r) => [r._id, r.n])) as Record<string, number>;
  const count = (types: string[], key: string) =>
    ConversationEventModel.aggregate<{ _id: string; n: number }>([
      { $match: { botId, flowVersionId, type: { $in: types } } },
      { $group: { _id: { node: key, conversation: '$conversationId' } } },
      { $group: { _id: '$_id.node', n: { $sum: 1 } } },
    ]);
  // a conversation goes on from a step by an edge, or from a "Go to flow" step by its jump
  const [reachedRows, followedRows, jumpedRows] = await Promise.all([count(['node_entered'], '$nodeId'), count(['edge_followed'], '$data.from'), count(['jumped'], '$nodeId')]);
  const continued = new Map([...followedRows, ...jumpedRows].map((r) => [r._id, r.n]));
  const nodes = reachedRows
    .map((r) => ({ nodeId: r._id, reached: r.n, continued: continued.get(r._id) ?? 0 }))
    .map((n) => ({ ...n, dropOff: endNodeIds.has(n.nodeId) ? 0 : Math.max(n.reached - n.continued, 0) }))
    .sort((a, b) => b.reached - a.reached || a.nodeId.localeCompare(b.nodeId));
  return {
    conversations: {
      started: statusRows.reduce((sum, r) => sum + r.n, 0),
      completed: byStatus.completed ?? 0,
      failed: byStatus.failed ?? 0,
      active: byStatus.active ?? 0,
      waiting: byStatus.waiting ?? 0,
      handoff: byStatus.handoff ?? 0,
    },
    nodes,
  };
}

export interface MessageVolume {
  day: string;
  channel: string;
  direction: string;
  status: string;
  count: number;
}

/** Messages per day, channel, direction and outcome (UTC days), for charts. */
export async function messageVolumes(botId: Types.ObjectId, since: Date): Promise<MessageVolume[]> {
  const rows = await MessageModel.aggregate<{ _id: { day: string; channel: string; direction: string; status: string }; n: number }>([
    { $match: { botId, createdAt: { $gte: since } } },
    { $group: { _id: { day: { $dateToString: { format: '%Y-%m-%d', date: '$createdAt' } }, channel: '$channel', direction: '$direction', status: '$status' }, n: { $sum: 1 } } },
  ]);
  return rows
    .map((r) => ({ ...r._id, count: r.n }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel) || a.direction.localeCompare(b.direction) || a.status.localeCompare(b.status));
}
