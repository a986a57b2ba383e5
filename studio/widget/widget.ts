// Botloom's embeddable web chat: <script src="https://botloom.example/chat/<botId>/widget.js" async>.
// It finds its bot and server from its own address, opens a session on first use (the bot greets),
// sends what the guest writes or taps, and shows replies that come later (after a wait, a webhook or
// a person taking over) as Socket.IO pushes them. The transcript is read again after a reconnect,
// so nothing said while the connection was down is missed. data-mode="page" fills the page instead
// of floating over it (the hosted chat page uses it).
import { io, type Socket } from 'socket.io-client';
import { ChatApiError, createChatApi, type Reply, type StoredSession } from './chat-api';
import { createWidgetView } from './widget-view';

function start(script: HTMLScriptElement): void {
  const src = new URL(script.src, location.href);
  const match = /\/chat\/([^/]+)\/widget\.js$/.exec(src.pathname);
  if (!match) return console.error('Botloom chat: load the widget from /chat/<bot id>/widget.js');
  const botId = decodeURIComponent(match[1]!);
  const api = createChatApi(src.origin, botId);
  const shown = new Set<string>();
  let session: StoredSession | null = api.saved();
  let socket: Socket | null = null;
  let opening: Promise<void> | null = null;

  const view = createWidgetView(script.dataset.mode === 'page' ? 'page' : 'bubble', {
    onOpen: () => void ensureSession(),
    onSend: (text) => void send(text),
  });

  function show(replies: Reply[]): void {
    for (const reply of replies) {
      if (shown.has(reply.id)) continue;
      shown.add(reply.id);
      view.add(reply.direction === 'in' ? 'me' : 'bot', reply.text, reply.direction === 'in' ? [] : (reply.choices ?? []), reply.mediaUrl);
    }
  }

  function connect(current: StoredSession): void {
    socket?.disconnect();
    socket = io(`${src.origin}/chat`, { auth: { token: current.token }, transports: ['websocket'] });
    socket.on('message', (reply: Reply) => show([reply]));
    // after a reconnect, anything said while disconnected comes from the transcript
    socket.io.on('reconnect', () => void api.history(current.token).then(show, () => undefined));
  }

  async function openSession(): Promise<void> {
    const opened = await api.open();
    session = opened.session;
    if (session.title) view.setTitle(session.title);
    show(opened.replies);
    connect(session);
  }

  async function resume(current: StoredSession): Promise<void> {
    if (current.title) view.setTitle(current.title);
    try {
      show(await api.history(current.token));
      connect(current);
    } catch (err) {
      if (!(err instanceof ChatApiError && err.status === 401)) throw err;
      api.forget(); // expired or from another deployment: start again
      await openSession();
    }
  }

  function ensureSession(): Promise<void> {
    opening ??= (async () => {
      view.busy(true);
      try {
        await (session ? resume(session) : openSession());
        view.error('');
      } catch (err) {
        opening = null;
        view.error(err instanceof Error ? err.message : 'The chat could not start');
      } finally {
        view.busy(false);
      }
    })();
    return opening;
  }

  async function send(text: string): Promise<void> {
    await ensureSession();
    if (!session) return view.restore(text);
    view.offer([]);
    view.add('me', text);
    view.busy(true);
    view.error('');
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    try {
      show(await api.send(session.token, text, id));
    } catch (err) {
      if (err instanceof ChatApiError && err.status === 401) {
        // the session expired while the page was open: a new one, and the message goes to it
        api.forget();
        session = null;
        opening = null;
        view.notice('This chat had expired, so a new one has started.');
        await ensureSession();
        if (session) show(await api.send((session as StoredSession).token, text, id).catch(() => []));
      } else {
        view.error(err instanceof Error ? err.message : 'The message could not be sent');
        view.restore(text);
      }
    } finally {
      view.busy(false);
    }
  }

  view.mount();
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement) {
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script));
}
