// Live events over Socket.IO on the same origin. One connection for the whole studio (the
// HttpOnly session cookie authenticates the handshake); screens subscribe to a bot or a
// conversation while they show it, and re-subscribe after a reconnect.
import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';

export interface MessageCreatedEvent {
  conversationId: string;
  botId: string;
  messageId: string;
  direction: 'in' | 'out';
  text: string;
  nodeId?: string;
  sentBy: 'contact' | 'bot' | 'agent';
  status: string;
  createdAt: string;
}

export interface ConversationUpdatedEvent {
  conversationId: string;
  botId: string;
  contactId: string;
  status: string;
  nodeId: string | null;
  updatedAt: string;
}

export interface HandoffRequestedEvent {
  botId: string;
  conversationId: string;
  contactId: string;
  nodeId: string;
  note: string;
  at: string;
}

export interface MessageStatusEvent {
  botId: string;
  conversationId?: string;
  messageId: string;
  status: string;
}

export interface LiveEvents {
  'message.created': MessageCreatedEvent;
  'message.status': MessageStatusEvent;
  'conversation.updated': ConversationUpdatedEvent;
  'handoff.requested': HandoffRequestedEvent;
}

export type LiveTopic = { botId: string } | { conversationId: string };

let socket: Socket | null = null;

function liveSocket(): Socket {
  socket ??= io({ withCredentials: true, transports: ['websocket', 'polling'] });
  return socket;
}

const topicUsers = new Map<string, number>();

/** Joins a topic now and after every reconnect; leaves it when its last user is done. */
export function subscribeTopic(topic: LiveTopic): () => void {
  const s = liveSocket();
  const key = JSON.stringify(topic);
  const join = () => s.emit('subscribe', topic, () => undefined);
  const users = topicUsers.get(key) ?? 0;
  topicUsers.set(key, users + 1);
  if (users === 0 && s.connected) join();
  s.on('connect', join);
  return () => {
    s.off('connect', join);
    const left = (topicUsers.get(key) ?? 1) - 1;
    if (left > 0) topicUsers.set(key, left);
    else {
      topicUsers.delete(key);
      s.emit('unsubscribe', topic);
    }
  };
}

/**
 * Calls `handler` for each event of `type` about the topic (a bot or a conversation) while the
 * component is mounted. A topic of null subscribes to nothing.
 */
export function useLiveEvent<K extends keyof LiveEvents>(topic: LiveTopic | null, type: K, handler: (event: LiveEvents[K]) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  const botId = topic && 'botId' in topic ? topic.botId : undefined;
  const conversationId = topic && 'conversationId' in topic ? topic.conversationId : undefined;
  useEffect(() => {
    if (!botId && !conversationId) return;
    const s = liveSocket();
    const leave = subscribeTopic(botId ? { botId } : { conversationId: conversationId! });
    const listener = (event: LiveEvents[K]) => {
      if (botId && event.botId !== botId) return;
      if (conversationId && (!('conversationId' in event) || event.conversationId !== conversationId)) return;
      latest.current(event);
    };
    s.on(type as string, listener);
    return () => {
      s.off(type as string, listener);
      leave();
    };
  }, [botId, conversationId, type]);
}
