// The live surface of CONTRACT.md: Socket.IO on the server's port, token in the handshake,
// subscribe with an acknowledgement, then message.created and conversation.updated events.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';

let app: TestApp;
let token: string;
let botId: string;
const sockets: Socket[] = [];

function open(auth: Record<string, unknown>): Socket {
  const socket = connect(app.url, { auth, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  return socket;
}

function nextError(socket: Socket): Promise<Error> {
  return new Promise((resolve) => socket.once('connect_error', resolve));
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

beforeAll(async () => {
  app = await startTestApp({ label: 'live' });
  token = await app.login();
  botId = (await app.call('POST', '/api/bots', { token, body: { name: 'Live' } })).body.id;
  const flow = {
    nodes: [node('s', 'start'), node('a', 'ask', { question: 'Your name?', save_as: 'name' }), node('m', 'send_message', { text: 'Hi {{state.name}}' })],
    edges: [edge('s', 'a'), edge('a', 'm', 'answered')],
  };
  await app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow });
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await app?.stop();
});

describe('live events', () => {
  it('refuses a connection without a valid token', async () => {
    expect((await nextError(open({}))).message).toBe('unauthorized');
    expect((await nextError(open({ token: 'not-a-token' }))).message).toBe('unauthorized');
  });

  it('refuses to subscribe to a bot that does not exist', async () => {
    const socket = open({ token });
    await connected(socket);
    const answer = await socket.emitWithAck('subscribe', { botId: '000000000000000000000000' });
    expect(answer).toEqual({ ok: false, error: 'no such bot' });
  });

  it('streams the messages and state changes of a subscribed bot', async () => {
    const socket = open({ token });
    await connected(socket);
    expect(await socket.emitWithAck('subscribe', { botId })).toEqual({ ok: true });
    const messages: Array<Record<string, unknown>> = [];
    const updates: Array<Record<string, unknown>> = [];
    socket.on('message.created', (m) => messages.push(m));
    socket.on('conversation.updated', (u) => updates.push(u));
    const answer = await app.call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact: 'live-1', text: 'hello' } });
    const conversationId = answer.body.conversation.id;
    await expect.poll(() => messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'hello'],
      ['out', 'Your name?'],
    ]);
    expect(messages.every((m) => m.botId === botId && m.conversationId === conversationId)).toBe(true);
    expect(messages[1]).toMatchObject({ nodeId: 'a' });
    await expect.poll(() => updates.at(-1)).toMatchObject({ conversationId, botId, status: 'waiting', nodeId: 'a' });
    // then the bot's reply is sent: watchers see its status move on without reloading
    const statuses: Array<Record<string, unknown>> = [];
    socket.on('message.status', (m) => statuses.push(m));
    await app.call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact: 'live-1', text: 'Lin' } });
    await expect.poll(() => statuses).toContainEqual(expect.objectContaining({ botId, conversationId, status: 'delivered' }));
  });

  it('delivers only the subscribed conversation to a conversation watcher', async () => {
    const first = await app.call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact: 'live-2', text: 'hey' } });
    const socket = open({ token });
    await connected(socket);
    expect(await socket.emitWithAck('subscribe', { conversationId: first.body.conversation.id })).toEqual({ ok: true });
    const seen: Array<Record<string, unknown>> = [];
    socket.on('message.created', (m) => seen.push(m));
    await app.call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact: 'live-3', text: 'other' } });
    await app.call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact: 'live-2', text: 'Grace' } });
    await expect.poll(() => seen.map((m) => m.text)).toEqual(['Grace', 'Hi Grace']);
  });

  it('tells watching agents when a flow hands a conversation to a person, who can answer and hand back', async () => {
    const handoffBot = (await app.call('POST', '/api/bots', { token, body: { name: 'Needs people' } })).body.id;
    const flow = {
      nodes: [
        node('s', 'start'),
        node('h', 'handoff', { message: 'Someone from the team will reply here.', note: 'Asked about {{message.text}}' }),
        node('q', 'ask', { question: 'Anything else?', save_as: 'more' }),
      ],
      edges: [edge('s', 'h')],
    };
    expect((await app.call('PUT', `/api/bots/${handoffBot}/flow`, { token, body: flow })).status).toBe(200);
    const socket = open({ token });
    await connected(socket);
    expect(await socket.emitWithAck('subscribe', { botId: handoffBot })).toEqual({ ok: true });
    const notices: Array<Record<string, unknown>> = [];
    socket.on('handoff.requested', (n) => notices.push(n));

    const first = await app.call('POST', `/api/bots/${handoffBot}/simulator/messages`, { token, body: { contact: 'needs-help', text: 'refunds' } });
    expect(first.body.replies.map((r: { text: string }) => r.text)).toEqual(['Someone from the team will reply here.']);
    expect(first.body.conversation).toMatchObject({ status: 'handoff', nodeId: 'h' });
    await expect.poll(() => notices).toEqual([expect.objectContaining({ botId: handoffBot, conversationId: first.body.conversation.id, nodeId: 'h', note: 'Asked about refunds' })]);

    const silent = await app.call('POST', `/api/bots/${handoffBot}/simulator/messages`, { token, body: { contact: 'needs-help', text: 'hello?' } });
    expect(silent.body.replies).toEqual([]);
    const id = first.body.conversation.id;
    expect((await app.call('POST', `/api/conversations/${id}/messages`, { token, body: { text: 'Hi, I can help with that.' } })).status).toBe(201);
    const back = await app.call('POST', `/api/conversations/${id}/handback`, { token, body: { nodeId: 'q' } });
    expect(back.body).toMatchObject({ status: 'waiting', nodeId: 'q' });
    const transcript = await app.call('GET', `/api/bots/${handoffBot}/conversations/needs-help/messages`, { token });
    expect(transcript.body.map((m: { sentBy: string; text: string }) => `${m.sentBy}: ${m.text}`)).toEqual([
      'contact: refunds',
      'bot: Someone from the team will reply here.',
      'contact: hello?',
      'agent: Hi, I can help with that.',
      'bot: Anything else?',
    ]);
  });
});
