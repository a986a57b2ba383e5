// Two server processes share one database and Redis: a watcher connected to one sees the
// conversation the other one serves.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { freshDatabaseUri } from '../support/db';
import { startRedis, type TestRedis } from '../support/redis-server';
import { startServerChild, waitHealthy, type ServerChild } from '../support/server-child';

let redis: TestRedis;
let local: TestApp;
let other: ServerChild;
let socket: Socket | undefined;

beforeAll(async () => {
  redis = await startRedis();
  const mongoUri = freshDatabaseUri('liveredis');
  local = await startTestApp({ label: 'liveredis', mongoUri, env: { REDIS_URL: redis.url } });
  other = await startServerChild({ cwd: process.cwd(), mongoUri, admin: ADMIN, env: { REDIS_URL: redis.url }, log: () => undefined });
  await waitHealthy(other, 60_000, AbortSignal.timeout(90_000));
}, 120_000);

afterAll(async () => {
  socket?.close();
  await other?.stop();
  await local?.stop();
  await redis?.stop();
});

describe('live events across processes', () => {
  it('reach a watcher on one process for a conversation served by the other', async () => {
    const token = await local.login();
    const botId = (await local.call('POST', '/api/bots', { token, body: { name: 'Shared' } })).body.id;
    const flow = { nodes: [node('s', 'start'), node('q', 'ask', { question: 'Which colour?', save_as: 'colour' })], edges: [edge('s', 'q')] };
    expect((await local.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow })).status).toBe(200);

    socket = connect(local.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });
    expect(await socket.emitWithAck('subscribe', { botId })).toEqual({ ok: true });
    const seen: Array<{ direction: string; text: string }> = [];
    socket.on('message.created', (m: { direction: string; text: string }) => seen.push(m));
    const statuses: string[] = [];
    socket.on('conversation.updated', (u: { status: string }) => statuses.push(u.status));

    // the same credentials work on the other process: sessions live in the shared database
    const answer = await fetch(`${other.url}/api/bots/${botId}/simulator/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contact: 'across', text: 'hello' }),
    });
    expect(answer.status).toBe(200);
    await expect.poll(() => seen.map((m) => `${m.direction}:${m.text}`), { timeout: 10_000 }).toEqual(['in:hello', 'out:Which colour?']);
    await expect.poll(() => statuses.at(-1), { timeout: 10_000 }).toBe('waiting');
  });
});
