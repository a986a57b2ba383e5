// A conversation as a person reads it: its messages and, at the point they happened, lines
// saying what went wrong (a step's notice from the journal, a message the provider refused).
import { sendFailureText } from '@botloom/shared';
import type { ConversationNotice } from '../api/types';

interface TimedMessage {
  id: string;
  direction: 'in' | 'out';
  createdAt: string;
  status?: string;
  errorCode?: string;
}

export type TimelineItem<M> =
  { kind: 'message'; key: string; message: M } | { kind: 'notice'; key: string; text: string; nodeId: string | null };

// at the same instant, the contact's message came first and the bot's replies after the step's notices
const RANK = { in: 0, notice: 1, out: 2 } as const;

export function buildTimeline<M extends TimedMessage>(messages: readonly M[], notices: readonly ConversationNotice[]): TimelineItem<M>[] {
  const timed: Array<{ at: number; rank: number; order: number; items: TimelineItem<M>[] }> = [];
  messages.forEach((message, order) => {
    const items: TimelineItem<M>[] = [{ kind: 'message', key: message.id, message }];
    const failure = message.direction === 'out' ? sendFailureText(message.status, message.errorCode) : null;
    if (failure) items.push({ kind: 'notice', key: `${message.id}-failed`, text: failure, nodeId: null });
    timed.push({ at: Date.parse(message.createdAt), rank: RANK[message.direction], order, items });
  });
  notices.forEach((notice, order) => {
    const key = `notice-${notice.seq ?? order}`;
    timed.push({
      at: notice.at ? Date.parse(notice.at) : Number.MAX_SAFE_INTEGER,
      rank: RANK.notice,
      order,
      items: [{ kind: 'notice', key, text: notice.message, nodeId: notice.nodeId }],
    });
  });
  timed.sort((a, b) => a.at - b.at || a.rank - b.rank || a.order - b.order);
  return timed.flatMap((t) => t.items);
}
