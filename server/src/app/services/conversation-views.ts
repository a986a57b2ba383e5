import type { Types } from 'mongoose';
import type { ConversationEnding } from './conversation-notices';

type MessageLike = {
  _id: Types.ObjectId;
  direction: string;
  text: string;
  createdAt: Date;
  status: string;
  nodeId?: string | null;
  sentBy: string;
  channel: string;
  conversationId?: Types.ObjectId | null;
  mediaUrl?: string | null;
  errorCode?: string | null;
  choices?: string[] | null;
};

export function messageView(m: MessageLike) {
  return {
    id: m._id.toString(),
    direction: m.direction,
    text: m.text,
    createdAt: m.createdAt,
    channel: m.channel,
    sentBy: m.sentBy,
    conversationId: m.conversationId?.toString() ?? null,
    ...(m.direction === 'out' ? { status: m.status } : {}),
    ...(m.nodeId ? { nodeId: m.nodeId } : {}),
    ...(m.mediaUrl ? { mediaUrl: m.mediaUrl } : {}),
    ...(m.choices?.length ? { choices: m.choices } : {}),
    ...(m.errorCode ? { errorCode: m.errorCode } : {}),
  };
}

type ConversationLike = {
  _id: Types.ObjectId;
  botId: Types.ObjectId;
  contactId: Types.ObjectId;
  channel: string;
  status: string;
  nodeId?: string | null;
  vars: unknown;
  source: string;
  flowVersionId: Types.ObjectId;
  agentId?: Types.ObjectId | null;
  endReason?: string | null;
  createdAt?: Date;
  updatedAt?: Date;
};

/** `ending`: why it ended, when it ended on a problem (only where it was looked up: list and get). */
export function conversationView(c: ConversationLike, contact?: { address: string } | null, ending?: ConversationEnding | null) {
  return {
    id: c._id.toString(),
    botId: c.botId.toString(),
    contactId: c.contactId.toString(),
    contact: contact?.address ?? null,
    channel: c.channel,
    status: c.status,
    nodeId: c.nodeId ?? null,
    state: c.vars,
    source: c.source,
    flowVersionId: c.flowVersionId.toString(),
    agentId: c.agentId?.toString() ?? null,
    endReason: c.endReason ?? null,
    ...(ending !== undefined ? { ending } : {}),
    startedAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
