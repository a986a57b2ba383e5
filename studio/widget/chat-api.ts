// The widget's side of the public chat API: opening a session, sending a message, reading the
// transcript, and remembering the session in this browser (so a reload or another page of the same
// site goes on with the same conversation until the token expires).
export interface Reply {
  id: string;
  text: string;
  choices?: string[];
  mediaUrl?: string;
  createdAt: string;
  direction?: 'in' | 'out';
}

export interface StoredSession {
  token: string;
  sessionId: string;
  expiresAt: string;
  title?: string;
}

export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createChatApi(base: string, botId: string) {
  const root = `${base}/chat/${encodeURIComponent(botId)}`;
  const storageKey = `botloom-chat:${base}:${botId}`;

  async function call<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(root + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ChatApiError(0, 'The chat could not be reached. Check your connection and try again.');
    }
    const answer = (await res.json().catch(() => ({}))) as T & { error?: string };
    if (!res.ok) throw new ChatApiError(res.status, answer.error ?? `The chat answered ${res.status}`);
    return answer;
  }

  return {
    saved(): StoredSession | null {
      try {
        const session = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as StoredSession | null;
        return session && Date.parse(session.expiresAt) > Date.now() + 60_000 ? session : null;
      } catch {
        return null; // storage blocked (private mode, sandboxed frame): a session per page view
      }
    },
    forget(): void {
      try {
        localStorage.removeItem(storageKey);
      } catch {
        /* nothing stored */
      }
    },
    async open(): Promise<{ session: StoredSession; replies: Reply[] }> {
      const answer = await call<StoredSession & { replies: Reply[] }>('POST', '/sessions', undefined, {});
      const session = { token: answer.token, sessionId: answer.sessionId, expiresAt: answer.expiresAt, title: answer.title };
      try {
        localStorage.setItem(storageKey, JSON.stringify(session));
      } catch {
        /* storage blocked */
      }
      return { session, replies: answer.replies };
    },
    async send(token: string, text: string, clientMessageId: string): Promise<Reply[]> {
      return (await call<{ replies: Reply[] }>('POST', '/messages', token, { text, clientMessageId })).replies;
    },
    async history(token: string): Promise<Reply[]> {
      return (await call<{ messages: Reply[] }>('GET', '/messages', token)).messages;
    },
  };
}

export type ChatApi = ReturnType<typeof createChatApi>;
