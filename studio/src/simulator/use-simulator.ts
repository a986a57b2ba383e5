// The simulator's conversation: sends what the tester types to the draft, shows the bot's
// replies, keeps the canvas highlight on the step the conversation is at, and polls while the
// conversation waits on a timer so messages sent later (after a pause) still appear.
import { useCallback, useEffect, useRef, useState } from 'react';
import { simulatorApi } from '../api/botloom-api';
import { describeError } from '../api/http';
import { useLiveEvent } from '../api/live';
import type { ConversationView, SimulatorReply } from '../api/types';
import { useFlowStoreApi } from '../store/flow-store-context';
import type { BotloomNode } from '../store/flow-types';
import { simulatorContact } from './simulator-contact';

export interface ChatLine {
  key: string;
  from: 'contact' | 'bot';
  text: string;
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
const fromReply = (r: SimulatorReply) =>
  line('bot', r.text, { ...(r.choices ? { choices: r.choices } : {}), ...(r.mediaUrl ? { mediaUrl: r.mediaUrl } : {}) });

/** A conversation paused on a timer (a Wait's pause, or a question or reply-wait with a timeout). */
function waitsOnTimer(node: BotloomNode | undefined): boolean {
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
  const [error, setError] = useState<string | null>(null);
  const outCount = useRef(0);
  const busy = useRef(false);

  const follow = useCallback(
    (c: ConversationView | null) => {
      setConversation(c);
      const live = c && (c.status === 'active' || c.status === 'waiting');
      store.getState().setActiveNode(live ? c.nodeId : null);
    },
    [store],
  );

  const send = useCallback(
    async (text: string, restart = false) => {
      if (busy.current) return;
      busy.current = true;
      setSending(true);
      setError(null);
      if (restart) {
        setLines([]);
        outCount.current = 0;
      } else setLines((l) => [...l, line('contact', text)]);
      try {
        const answer = await simulatorApi.send(botId, { contact, text, ...(restart ? { restart: true } : {}) });
        if (restart || answer.conversation?.id !== conversation?.id) outCount.current = 0;
        outCount.current += answer.replies.length;
        setLines((l) => [...l, ...answer.replies.map(fromReply)]);
        follow(answer.conversation);
      } catch (err) {
        setError(describeError(err));
      } finally {
        busy.current = false;
        setSending(false);
      }
    },
    [botId, contact, conversation?.id, follow],
  );

  // poll while the conversation waits on a timer, or is being moved on by one
  const node = store.getState().nodes.find((n) => n.id === conversation?.nodeId);
  // ("active" means the engine is between steps after a timer fired: keep following it)
  const polling = conversation !== null && (conversation.status === 'active' || (conversation.status === 'waiting' && waitsOnTimer(node)));
  /** Shows bot (and agent) messages sent since the last ones shown, and where the conversation is. */
  const conversationId = conversation?.id ?? null;
  const catchUp = useCallback(async () => {
    if (busy.current || !conversationId) return;
    try {
      const [latest, messages] = await Promise.all([simulatorApi.conversation(conversationId), simulatorApi.messages(conversationId)]);
      if (busy.current) return;
      const out = messages.filter((m) => m.direction === 'out');
      if (out.length > outCount.current) {
        const fresh = out.slice(outCount.current);
        outCount.current = out.length;
        setLines((l) => [...l, ...fresh.map((m) => line('bot', m.text, m.mediaUrl ? { mediaUrl: m.mediaUrl } : {}))]);
      }
      follow(latest);
    } catch {
      /* the next tick or event tries again */
    }
  }, [conversationId, follow]);

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

  return { contact, lines, conversation, sending, error, polling, send, restart: () => send('', true) };
}
