// Where a web chat reply goes, in this process. A reply to a message whose HTTP request is still
// waiting (POST /chat/:botId/messages) goes into that request's answer; the greeting goes into the
// answer of the request that opened the session; anything else (after a wait, a webhook, an agent's
// message, or an answer whose request is gone) is pushed live to the session's sockets, across
// processes through Socket.IO's adapter. Nothing is lost either way: every reply is also in the
// session's transcript (GET /chat/:botId/messages).
export interface ChatReply {
  id: string;
  text: string;
  choices?: string[];
  mediaUrl?: string;
  createdAt: string;
}

export type ChatPush = (sessionId: string, reply: ChatReply) => void;

export interface ReplyCollector {
  /** Stops collecting and answers the replies gathered, in the order they were sent. */
  stop(): ChatReply[];
}

export interface ChatHub {
  /** Gathers the replies to one inbound message (by its id) until stopped. */
  collectReplies(inboundMessageId: string): ReplyCollector;
  /** Gathers what a new session's conversation says before any message (the greeting). */
  collectGreeting(sessionId: string): ReplyCollector;
  /** Hands a reply to a waiting request, else pushes it; answers which. */
  deliver(sessionId: string, inReplyTo: string | undefined, reply: ChatReply): 'answer' | 'push';
  /** Who pushes replies no request is waiting for (the chat namespace of the live server). */
  onPush(push: ChatPush): void;
}

export function createChatHub(): ChatHub {
  const waiting = new Map<string, ChatReply[]>();
  let push: ChatPush = () => undefined;

  function collect(key: string): ReplyCollector {
    const replies: ChatReply[] = [];
    waiting.set(key, replies);
    return {
      stop() {
        if (waiting.get(key) === replies) waiting.delete(key);
        return replies;
      },
    };
  }

  return {
    collectReplies: (id) => collect(`message:${id}`),
    collectGreeting: (sessionId) => collect(`session:${sessionId}`),
    deliver(sessionId, inReplyTo, reply) {
      const replies = (inReplyTo ? waiting.get(`message:${inReplyTo}`) : undefined) ?? waiting.get(`session:${sessionId}`);
      if (replies) {
        replies.push(reply);
        return 'answer';
      }
      push(sessionId, reply);
      return 'push';
    },
    onPush(fn) {
      push = fn;
    },
  };
}
