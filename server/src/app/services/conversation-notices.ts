// What went wrong in conversations, read from their journals and worded by the shared rules, so
// the simulator's answer, the inbox list and a transcript say the same thing.
import { endingNotice, NOTICE_LABEL, NOTICE_SOURCE_TYPES, noticesFromJournal, nodeCatalogue, type ConversationNotice, type RunnableFlow } from '@botloom/shared';
import type { Types } from 'mongoose';
import { ConversationEventModel } from '../../adapters/mongo/models';
import type { Catalog } from '../../ports/catalog';

type Id = Types.ObjectId | string;

/** A step's name as the server can tell it: the label the builder gave it, else its kind. */
function namesOf(flow: RunnableFlow | null): (nodeId: string) => string | undefined {
  const byId = new Map(flow?.nodes.map((n) => [n.id, n]) ?? []);
  return (nodeId) => {
    const node = byId.get(nodeId);
    if (!node) return undefined;
    const label = (node.data as { label?: unknown }).label;
    return typeof label === 'string' && label.trim() ? label.trim() : nodeCatalogue[node.type].label;
  };
}

async function flowOrNull(catalog: Catalog, flowVersionId: Id): Promise<RunnableFlow | null> {
  return catalog.flowVersion(flowVersionId.toString()).catch(() => null);
}

/**
 * The notices of one conversation. With `sinceMessageId`, only those journaled from the step that
 * message started on (what went wrong while it was answered); one query either way.
 */
export async function conversationNotices(catalog: Catalog, conversation: { _id: Id; flowVersionId: Id }, sinceMessageId?: string): Promise<ConversationNotice[]> {
  const types: string[] = [...NOTICE_SOURCE_TYPES, ...(sinceMessageId ? ['event.message', 'event.start'] : [])];
  const entries = await ConversationEventModel.find({ conversationId: conversation._id, type: { $in: types } })
    .sort({ seq: 1 })
    .limit(5000)
    .lean();
  const from = sinceMessageId ? entries.findLastIndex((e) => (e.data as { message?: { id?: string } } | null)?.message?.id === sinceMessageId) : 0;
  if (from < 0) return [];
  const journal = entries.slice(from).map((e) => ({ seq: e.seq, type: e.type, nodeId: e.nodeId, data: e.data as Record<string, unknown>, at: e.at }));
  return noticesFromJournal(journal, namesOf(await flowOrNull(catalog, conversation.flowVersionId)));
}

export interface ConversationEnding {
  kind: ConversationNotice['kind'];
  nodeId: string | null;
  /** Short, for a list: "webhook failed". */
  label: string;
  message: string;
}

function toEnding(notice: ConversationNotice | null): ConversationEnding | null {
  return notice ? { kind: notice.kind, nodeId: notice.nodeId, label: NOTICE_LABEL[notice.kind], message: notice.message } : null;
}

/** Why each ended conversation ended, when it ended on a problem (keyed by conversation id). */
export async function conversationEndings(catalog: Catalog, conversations: ReadonlyArray<{ _id: Id; flowVersionId: Id; status: string }>): Promise<Map<string, ConversationEnding | null>> {
  const ended = conversations.filter((c) => c.status === 'completed' || c.status === 'failed');
  const endings = new Map<string, ConversationEnding | null>();
  if (ended.length === 0) return endings;
  const entries = await ConversationEventModel.find({ conversationId: { $in: ended.map((c) => c._id) }, type: { $in: [...NOTICE_SOURCE_TYPES] } })
    .sort({ conversationId: 1, seq: 1 })
    .lean();
  const byConversation = new Map<string, typeof entries>();
  for (const e of entries) {
    const key = e.conversationId.toString();
    byConversation.set(key, [...(byConversation.get(key) ?? []), e]);
  }
  for (const c of ended) {
    const journal = (byConversation.get(c._id.toString()) ?? []).map((e) => ({ seq: e.seq, type: e.type, nodeId: e.nodeId, data: e.data as Record<string, unknown>, at: e.at }));
    endings.set(c._id.toString(), toEnding(endingNotice(noticesFromJournal(journal, namesOf(await flowOrNull(catalog, c.flowVersionId))))));
  }
  return endings;
}
