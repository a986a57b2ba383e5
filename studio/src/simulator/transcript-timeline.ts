// A conversation as a person reads it: its messages and, at the point they happened, lines
// saying what went wrong (a step's notice from the journal, a message the provider refused).
import { isInformationNotice, sendFailureText, splitLinkedNodeId, type NoticeKind } from '@botloom/shared';
import type { ConversationNotice } from '../api/types';

interface TimedMessage {
  id: string;
  direction: 'in' | 'out';
  /** The step that sent it (`<flowId>/<stepId>` outside the main flow). */
  nodeId?: string | null;
  createdAt: string;
  status?: string;
  errorCode?: string;
}

export type TimelineItem<M> =
  | { kind: 'message'; key: string; message: M }
  /** `info`: where the conversation went (another flow), not something that went wrong. */
  | { kind: 'notice'; key: string; text: string; nodeId: string | null; info?: boolean };

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
      items: [{ kind: 'notice', key, text: notice.message, nodeId: notice.nodeId, ...(isInformationNotice({ kind: notice.kind as NoticeKind }) ? { info: true } : {}) }],
    });
  });
  timed.sort((a, b) => a.at - b.at || a.rank - b.rank || a.order - b.order);
  return placeJumps(timed.flatMap((t) => t.items), notices);
}

/**
 * A jump is journaled with the step that made it, before that step's messages are stored: it goes
 * just before the first bot message sent from the flow it went to, when there is one.
 */
function placeJumps<M extends TimedMessage>(items: TimelineItem<M>[], notices: readonly ConversationNotice[]): TimelineItem<M>[] {
  const out = [...items];
  notices.forEach((notice, order) => {
    if (notice.kind !== 'jumped' || !notice.flowId) return;
    const key = `notice-${notice.seq ?? order}`;
    const from = out.findIndex((i) => i.key === key);
    if (from < 0) return;
    // a jump from another flow to the main one: the main flow's steps carry no flow id
    const jumpFlow = notice.nodeId ? splitLinkedNodeId(notice.nodeId).flowId : null;
    const target = jumpFlow !== null && notice.flowId !== jumpFlow ? [notice.flowId, null] : [notice.flowId];
    const inTarget = (i: TimelineItem<M>) => i.kind === 'message' && i.message.direction === 'out' && !!i.message.nodeId && target.includes(splitLinkedNodeId(i.message.nodeId).flowId);
    const to = out.findIndex((i, at) => at > from && inTarget(i));
    // only past the bot's own messages of that moment, never past a message from the contact
    if (to < 0 || out.slice(from + 1, to).some((i) => i.kind === 'message' && i.message.direction === 'in')) return;
    const [moved] = out.splice(from, 1);
    out.splice(to - 1, 0, moved!);
  });
  return out;
}
