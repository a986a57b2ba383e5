// Helpers for the webchat-*.test.ts files: a guest's calls to the public chat API, and a guest's
// Socket.IO connection to the /chat namespace.
import { io as connect, type Socket } from 'socket.io-client';
import type { TestApp } from '../support/app-harness';

export interface Guest {
  token: string;
  sessionId: string;
  replies: Array<{ id: string; text: string; choices?: string[] }>;
}

export async function openSession(app: TestApp, botId: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Guest> {
  const res = await app.call('POST', `/chat/${botId}/sessions`, { body, headers });
  if (res.status !== 201) throw new Error(`opening a chat session failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Guest;
}

export function say(app: TestApp, botId: string, token: string | undefined, text: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return app.call('POST', `/chat/${botId}/messages`, { body: { text, ...extra }, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
}

export const texts = (replies: Array<{ text: string }>) => replies.map((r) => r.text);

/** A guest's live connection: every pushed `message`, in order. */
export async function guestSocket(app: TestApp, token: string, origin?: string): Promise<{ socket: Socket; pushed: Array<{ id: string; text: string; choices?: string[] }> }> {
  const socket = connect(`${app.url}/chat`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, ...(origin ? { extraHeaders: { origin } } : {}) });
  const pushed: Array<{ id: string; text: string }> = [];
  socket.on('message', (m: { id: string; text: string }) => pushed.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, pushed };
}
