// Durable timers: a wait survives a server restart; a timer that is no longer awaited does nothing.
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { createAgendaScheduler } from '../../server/src/adapters/agenda/agenda-scheduler';
import { freshDatabaseUri } from '../support/db';
import { botWithFlow, conversation, journal, sayOk, transcript, until, type Api } from './conversations-helpers';

let app: TestApp | undefined;

async function start(mongoUri: string): Promise<Api> {
  app = await startTestApp({ label: 'conv-timers', mongoUri });
  return { app, token: await app.login() };
}

async function stop(): Promise<void> {
  await app?.stop();
  app = undefined;
}

afterAll(() => stop());

const outTexts = async (api: Api, botId: string, contact: string) =>
  (await transcript(api, botId, contact)).filter((m) => m.direction === 'out').map((m) => m.text);

describe('a wait of 2 seconds', () => {
  it('fires after the server was restarted in between', async () => {
    const mongoUri = freshDatabaseUri('conv-timers');
    let api = await start(mongoUri);
    const botId = await botWithFlow(api, 'Patient', {
      nodes: [
        node('s', 'start'),
        node('before', 'send_message', { text: 'Before the wait' }),
        node('w', 'wait', { mode: 'duration', duration: 2, unit: 'seconds' }),
        node('after', 'send_message', { text: 'After the wait' }),
        node('e', 'end'),
      ],
      edges: [edge('s', 'before'), edge('before', 'w'), edge('w', 'after'), edge('after', 'e')],
    });
    const sentAt = Date.now();
    const first = await sayOk(api, botId, 'sleeper', 'hi');
    expect(first.replies).toEqual(['Before the wait']);
    expect(first.conversation).toMatchObject({ status: 'waiting', nodeId: 'w' });
    await stop();

    const restartedAt = Date.now();
    api = await start(mongoUri);
    const lines = await until('the message after the wait', async () => {
      const all = await transcript(api, botId, 'sleeper');
      return all.some((m) => m.text === 'After the wait') && all;
    });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1_900);
    expect(lines.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'hi'],
      ['out', 'Before the wait'],
      ['out', 'After the wait'],
    ]);
    const after = lines[2]!;
    expect(after).toMatchObject({ sentBy: 'bot', nodeId: 'after', conversationId: first.conversation!.id });
    expect(await conversation(api, first.conversation!.id)).toMatchObject({ status: 'completed', nodeId: 'e' });
    const fired = (await journal(api, first.conversation!.id)).filter((e) => e.type === 'event.timer');
    expect(fired).toHaveLength(1);
    expect(new Date(fired[0]!.at).getTime()).toBeGreaterThanOrEqual(restartedAt); // by the new process
    await stop();
  });
});

describe('timers that are no longer awaited', () => {
  it('takes the timeout exit when nobody answers, and does nothing for a timer the conversation moved past', async () => {
    const api = await start(freshDatabaseUri('conv-timers2'));
    const botId = await botWithFlow(api, 'Quick', {
      nodes: [
        node('s', 'start'),
        node('name', 'ask', { question: 'Your name?', save_as: 'name', timeout: { duration: 1, unit: 'seconds' } }),
        node('age', 'ask', { question: 'Your age, {{state.name}}?', answer_type: 'number', save_as: 'age' }),
        node('late', 'send_message', { text: 'Too slow!' }),
        node('done', 'send_message', { text: 'Thanks.' }),
        node('e', 'end'),
      ],
      edges: [
        edge('s', 'name'),
        edge('name', 'age', 'answered'),
        edge('name', 'late', 'timeout'),
        edge('age', 'done', 'answered'),
        edge('late', 'e'),
        edge('done', 'e'),
      ],
    });

    // nobody answers: the timeout fires
    const slow = await sayOk(api, botId, 'slow', 'hi');
    expect(slow.replies).toEqual(['Your name?']);
    await until('the timeout message', async () => (await outTexts(api, botId, 'slow')).includes('Too slow!'));
    expect(await conversation(api, slow.conversation!.id)).toMatchObject({ status: 'completed' });

    // the contact answers in time: the timer is cancelled, and a copy of it firing later changes nothing
    const quick = await sayOk(api, botId, 'quick', 'hi');
    const conversationId = quick.conversation!.id;
    const entries = await journal(api, conversationId);
    const timeoutToken = entries.find((e) => e.type === 'effect.schedule_timer')!.data.token as string;
    const answered = await sayOk(api, botId, 'quick', 'Grace');
    expect(answered.replies).toEqual(['Your age, Grace?']);
    expect(answered.conversation).toMatchObject({ status: 'waiting', nodeId: 'age' });
    const jobs = mongoose.connection.db!.collection('agendaJobs');
    expect(await jobs.countDocuments({ 'data.token': timeoutToken })).toBe(0);
    const before = await conversation(api, conversationId);

    // as if the cancel had been lost: the old timer fires after all
    await app!.botloom.context.scheduler.scheduleTimer({ conversationId, token: timeoutToken }, new Date());
    const ignored = await until('the stale timer to be handled', async () => {
      const all = await journal(api, conversationId);
      const fired = all.findIndex((e) => e.type === 'event.timer' && e.data.token === timeoutToken);
      return fired >= 0 && all.slice(fired + 1);
    });
    expect(ignored[0]).toMatchObject({ type: 'ignored', data: { reason: 'stale timer' } });
    expect(ignored.filter((e) => e.type.startsWith('effect.') || e.type === 'node_entered')).toEqual([]);
    const afterStale = await conversation(api, conversationId);
    expect(afterStale).toMatchObject({ status: 'waiting', nodeId: 'age', state: before.state });
    expect(await outTexts(api, botId, 'quick')).toEqual(['Your name?', 'Your age, Grace?']);

    // and the conversation carries on as if nothing happened
    expect((await sayOk(api, botId, 'quick', '36')).replies).toEqual(['Thanks.']);
    await stop();
  });
});

describe('the timer job', () => {
  it('runs again later when its handler fails, instead of losing the timer', async () => {
    const calls: Array<{ token: string; at: number }> = [];
    const scheduler = createAgendaScheduler({
      mongoUri: freshDatabaseUri('conv-agenda'),
      processEveryMs: 100,
      handlers: {
        onTimer: async (job) => {
          calls.push({ token: job.token, at: Date.now() });
          if (calls.length === 1) throw new Error('the database hiccuped');
        },
        onOutboxRetry: async () => undefined,
        onRecovery: async () => undefined,
      },
    });
    await scheduler.start();
    try {
      await scheduler.scheduleTimer({ conversationId: '650000000000000000000009', token: 'tok-1' }, new Date());
      await until('the retry', async () => calls.length >= 2, 8_000);
      expect(calls.map((c) => c.token)).toEqual(['tok-1', 'tok-1']);
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(500); // backed off, not hammered
    } finally {
      await scheduler.stop();
    }
  });
});
