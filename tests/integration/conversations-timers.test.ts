// Durable timers: a wait survives a server restart; a timer that is no longer awaited does nothing;
// a delivery that fails is tried again; a timer job written by an earlier version still fires.
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Types } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { TIMER_JOB } from '../../server/src/adapters/agenda/agenda-scheduler';
import { ConversationModel } from '../../server/src/adapters/mongo/models';
import { freshDatabaseUri } from '../support/db';
import { armedTokens, botWithFlow, conversation, fireNow, journal, sayOk, transcript, until, type Api } from './conversations-helpers';

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
    expect(await armedTokens(first.conversation!.id)).toHaveLength(1); // durable in the conversation itself
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
    // disarmed by the answer's own write (the next question has no timeout)
    expect(await armedTokens(conversationId)).toEqual([]);
    const before = await conversation(api, conversationId);
    const journalBefore = (await journal(api, conversationId)).length;

    // as if this process had missed that the conversation moved past it: the old timer fires after all
    await fireNow(app!, conversationId, timeoutToken);
    const afterStale = await conversation(api, conversationId);
    expect(afterStale).toMatchObject({ status: 'waiting', nodeId: 'age', state: before.state });
    expect(await journal(api, conversationId)).toHaveLength(journalBefore); // nothing written at all
    expect(await outTexts(api, botId, 'quick')).toEqual(['Your name?', 'Your age, Grace?']);

    // and the conversation carries on as if nothing happened
    expect((await sayOk(api, botId, 'quick', '36')).replies).toEqual(['Thanks.']);
    await stop();
  });
});

describe('a timer whose delivery fails', () => {
  it('is delivered again later instead of being lost, and only once', async () => {
    const api = await start(freshDatabaseUri('conv-timers3'));
    const botId = await botWithFlow(api, 'Retry', {
      nodes: [node('s', 'start'), node('w', 'wait', { mode: 'duration', duration: 1, unit: 'seconds' }), node('after', 'send_message', { text: 'After the wait' }), node('e', 'end')],
      edges: [edge('s', 'w'), edge('w', 'after'), edge('after', 'e')],
    });
    const runner = app!.botloom.context.runner;
    const deliver = runner.deliver.bind(runner);
    const calls: number[] = [];
    runner.deliver = async (...args: Parameters<typeof deliver>) => {
      calls.push(Date.now());
      if (calls.length === 1) throw new Error('the database hiccuped');
      return deliver(...args);
    };
    const first = await sayOk(api, botId, 'retry', 'hi');
    await until('the message after the wait', async () => (await outTexts(api, botId, 'retry')).includes('After the wait'));
    expect(calls).toHaveLength(2);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(500); // backed off, not hammered
    expect((await journal(api, first.conversation!.id)).filter((e) => e.type === 'event.timer')).toHaveLength(1);
    runner.deliver = deliver;
    await stop();
  });
});

describe('a timer job written by an earlier version (timers were Agenda jobs then)', () => {
  it('still wakes its conversation, once', async () => {
    const mongoUri = freshDatabaseUri('conv-timers4');
    const api = await start(mongoUri);
    const botId = await botWithFlow(api, 'Legacy', {
      nodes: [node('s', 'start'), node('w', 'wait', { mode: 'duration', duration: 1, unit: 'days' }), node('after', 'send_message', { text: 'A day later' }), node('e', 'end')],
      edges: [edge('s', 'w'), edge('w', 'after'), edge('after', 'e')],
    });
    const first = await sayOk(api, botId, 'old', 'hi');
    const conversationId = first.conversation!.id;
    const [token] = await armedTokens(conversationId);
    // what an earlier version left: the conversation waiting with no timer of its own, an Agenda job instead
    await ConversationModel.collection.updateOne({ _id: new Types.ObjectId(conversationId) }, { $unset: { timers: 1, timerAt: 1 } });
    const agenda = new Agenda({ backend: new MongoBackend({ address: mongoUri, collection: 'agendaJobs' }) });
    await agenda.ready;
    await agenda.schedule(new Date(), TIMER_JOB, { conversationId, token });
    await agenda.stop();

    await until('the old timer job to fire', async () => (await outTexts(api, botId, 'old')).includes('A day later'));
    expect(await conversation(api, conversationId)).toMatchObject({ status: 'completed' });
    expect((await journal(api, conversationId)).filter((e) => e.type === 'event.timer')).toHaveLength(1);
    await stop();
  });
});
