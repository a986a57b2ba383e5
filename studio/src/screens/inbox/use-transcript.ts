// The selected conversation and its messages, streaming: loads them, then follows the
// conversation's live events (new messages, status changes) until another one is selected.
import { useCallback, useEffect, useState } from 'react';
import { conversationsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { ConversationNotice, ConversationSummary, TranscriptMessage } from '../../api/types';
import { useLiveEvent } from '../../api/live';

export function useTranscript(conversationId: string | null) {
  const [conversation, setConversation] = useState<ConversationSummary | null>(null);
  const [messages, setMessages] = useState<TranscriptMessage[]>([]);
  const [notices, setNotices] = useState<ConversationNotice[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!conversationId) return;
    try {
      const [c, m, n] = await Promise.all([
        conversationsApi.get(conversationId),
        conversationsApi.messages(conversationId),
        conversationsApi.notices(conversationId),
      ]);
      setConversation(c);
      setMessages(m);
      setNotices(n);
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, [conversationId]);

  useEffect(() => {
    setConversation(null);
    setMessages([]);
    setNotices([]);
    void load();
  }, [load]);

  const topic = conversationId ? { conversationId } : null;
  useLiveEvent(topic, 'message.created', (e) => {
    setMessages((list) =>
      list.some((m) => m.id === e.messageId)
        ? list
        : [
            ...list,
            {
              id: e.messageId,
              direction: e.direction,
              text: e.text,
              createdAt: e.createdAt,
              sentBy: e.sentBy,
              status: e.status,
              ...(e.nodeId ? { nodeId: e.nodeId } : {}),
            },
          ],
    );
  });
  useLiveEvent(topic, 'message.status', (e) => {
    setMessages((list) => list.map((m) => (m.id === e.messageId ? { ...m, status: e.status } : m)));
    // the live event has no error code: read the message back to say why it was not sent
    if (e.status === 'failed' || e.status === 'undelivered') void load();
  });
  useLiveEvent(topic, 'conversation.updated', (e) => {
    setConversation((c) => (c && c.id === e.conversationId ? { ...c, status: e.status, nodeId: e.nodeId, updatedAt: e.updatedAt } : c));
    // a step may have gone wrong, and an ended conversation says why: read both back
    if (conversationId) void conversationsApi.notices(conversationId).then(setNotices, () => undefined);
    if (e.status === 'completed' || e.status === 'failed') void load();
  });

  return { conversation, setConversation, messages, notices, error, reload: load };
}
