// The simulator's conversation: sends what the tester types to the draft and shows the
// conversation as the server stored it (messages, and lines saying what went wrong), keeps the
// canvas highlight on the step it is at, and polls while it waits on a timer so messages sent
// later (after a pause) still appear. Opening the panel again picks up the conversation where
// it is: the transcript is read back from the server, never kept only in the panel.
import { useCallback, useEffect, useRef, useState } from 'react';
import { simulatorApi } from '../api/botloom-api';
import { ApiError, describeError } from '../api/http';
import { useLiveEvent } from '../api/live';
import type { ConversationNotice, ConversationView, MessageView, SimulatorAnswer } from '../api/types';
import { useFlowStoreApi } from '../store/flow-store-context';
import type { BotloomNode } from '../store/flow-types';
import { simulatorContact } from './simulator-contact';
import { buildTimeline } from './transcript-timeline';

export interface ChatLine {
  key: string;
  from: 'contact' | 'bot' | 'system';
  text: string;
  /** A system line that says where the conversation went, not what went wrong. */
  info?: boolean;
  choices?: string[];
  mediaUrl?: string;
}

const POLL_MS = 2000;
let lineCounter = 0;
const line = (from: ChatLine['from'], text: string, extra: Partial<ChatLine> = {}): ChatLine => ({
  key: `l${++lineCounter}`,
  from,
  text,
  ...extra,
});

/** The stored conversation as chat lines (a restart's empty message is not shown). */
function toLines(messages: readonly MessageView[], notices: readonly ConversationNotice[]): ChatLine[] {
  const shown = messages.filter((m) => m.text.trim() !== '' || m.direction === 'out');
  return buildTimeline(shown, notices).map((item) => {
    if (item.kind === 'notice') return { key: item.key, from: 'system', text: item.text, ...(item.info ? { info: true } : {}) };
    const m = item.message;
    return {
      key: m.id,
      from: m.direction === 'in' ? 'contact' : 'bot',
      text: m.text,
      ...(m.choices?.length ? { choices: m.choices } : {}),
      ...(m.mediaUrl ? { mediaUrl: m.mediaUrl } : {}),
    };
  });
}

/** When the stored transcript cannot be read, the answer itself is shown: replies, then notices. */
function answerLines(answer: SimulatorAnswer): ChatLine[] {
  const replies = answer.replies.map((r) =>
    line('bot', r.text, { ...(r.choices ? { choices: r.choices } : {}), ...(r.mediaUrl ? { mediaUrl: r.mediaUrl } : {}) }),
  );
  return [...replies, ...(answer.notices ?? []).map((n) => line('system', n.message, n.kind === 'jumped' ? { info: true } : {}))];
}

/** A conversation paused on a timer (a Wait's pause, or a question or reply-wait with a timeout). */
export function waitsOnTimer(node: BotloomNode | undefined): boolean {
  if (!node) return false;
  if (node.type === 'wait' && node.data.mode !== 'reply') return true;
  return typeof node.data.timeout === 'object' && node.data.timeout !== null;
}

export function useSimulator(botId: string) {
  const store = useFlowStoreApi();
  const contact = useRef(simulatorContact(botId)).current;
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [conversation, setConversation] = useState<ConversationView | null>(null);
  const [sending, setSending] = useState(false);
  const [restoring, setRestoring] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(true); // until the running conversation is read back

  const follow = useCallback(
    (c: ConversationView | null) => {
      setConversation(c);
      const live = c && (c.status === 'active' || c.status === 'waiting');
      store.getState().setActiveNode(live ? c.nodeId : null);
    },
    [store],
  );

  /** Reads the conversation back from the server: where it is, its messages and its notices. */
  const reload = useCallback(
    async (conversationId: string) => {
      const [latest, messages, notices] = await Promise.all([
        simulatorApi.conversation(conversationId),
        simulatorApi.messages(conversationId),
        simulatorApi.notices(conversationId),
      ]);
      setLines(toLines(messages, notices));
      follow(latest);
    },
    [follow],
  );

  // opening the panel: the contact's latest conversation, if it has one, is shown as it stands
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const all = await simulatorApi.contactMessages(botId, contact);
        const latest = [...all].reverse().find((m) => m.conversationId)?.conversationId;
        if (latest && !cancelled) await reload(latest);
      } catch (err) {
        // 404: this contact has not written yet, so there is nothing to pick up
        if (!cancelled && !(err instanceof ApiError && err.status === 404)) setError(describeError(err));
      } finally {
        if (!cancelled) {
          busy.current = false;
          setRestoring(false);
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [botId, contact, reload]);

  const send = useCallback(
    async (text: string, restart = false) => {
      if (busy.current) return;
      busy.current = true;
      setSending(true);
      setError(null);
      setLines((l) => (restart ? [] : [...l, line('contact', text)]));
      try {
        const answer = await simulatorApi.send(botId, { contact, text, ...(restart ? { restart: true } : {}) });
        try {
          if (!answer.conversation) throw new Error('no conversation');
          await reload(answer.conversation.id);
        } catch {
          setLines((l) => [...l, ...answerLines(answer)]);
          follow(answer.conversation);
        }
      } catch (err) {
        setError(describeError(err));
      } finally {
        busy.current = false;
        setSending(false);
      }
    },
    [botId, contact, follow, reload],
  );

  // poll while the conversation waits on a timer, or is being moved on by one
  const node = store.getState().nodes.find((n) => n.id === conversation?.nodeId);
  // ("active" means the engine is between steps after a timer fired: keep following it)
  const polling = conversation !== null && (conversation.status === 'active' || (conversation.status === 'waiting' && waitsOnTimer(node)));
  const conversationId = conversation?.id ?? null;
  const catchUp = useCallback(async () => {
    if (busy.current || !conversationId) return;
    try {
      await reload(conversationId);
    } catch {
      /* the next tick or event tries again */
    }
  }, [conversationId, reload]);

  useEffect(() => {
    if (!polling || !conversationId) return;
    const timer = setInterval(() => void catchUp(), POLL_MS);
    return () => clearInterval(timer);
  }, [polling, conversationId, catchUp]);

  // an agent who took the conversation over writes, or hands it back: those messages arrive live
  const topic = conversationId ? { conversationId } : null;
  useLiveEvent(topic, 'message.created', (e) => {
    if (e.direction === 'out') void catchUp();
  });
  useLiveEvent(topic, 'conversation.updated', () => void catchUp());

  // leaving the simulator clears the highlight
  useEffect(() => () => store.getState().setActiveNode(null), [store]);

  return { contact, lines, conversation, sending, restoring, error, polling, send, restart: () => send('', true) };
}
