// Two messages from one contact at the same moment: both answered, in order, nothing lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { botWithFlow, journal, say, sayOk, transcript, type Api, type SimulatorAnswer } from './conversations-helpers';

let app: TestApp;
let api: Api;
let botId: string;

beforeAll(async () => {
  app = await startTestApp({ label: 'conv-order' });
  api = { app, token: await app.login() };
  botId = await botWithFlow(api, 'Two questions', {
    nodes: [
      node('s', 'start'),
      node('first', 'ask', { question: 'First?', save_as: 'a' }),
      node('second', 'ask', { question: 'Second?', save_as: 'b' }),
      node('third', 'ask', { question: 'Third?', save_as: 'c' }),
      node('done', 'send_message', { text: 'Got {{state.a}}, {{state.b}}, {{state.c}}' }),
      node('e', 'end'),
    ],
    edges: [
      edge('s', 'first'),
      edge('first', 'second', 'answered'),
      edge('second', 'third', 'answered'),
      edge('third', 'done', 'answered'),
      edge('done', 'e'),
    ],
  });
});
afterAll(() => app?.stop());

/** The texts one contact sent, in the order the server recorded them. */
async function inboundOrder(contact: string): Promise<string[]> {
  return (await transcript(api, botId, contact)).filter((m) => m.direction === 'in').map((m) => m.text);
}

/** Sends `texts` at the same moment; checks they were handled one after the other in the recorded order. */
async function burst(contact: string, texts: string[]): Promise<void> {
  const answers = await Promise.all(texts.map((t) => say(api, botId, contact, t)));
  for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
  const byText = new Map<string, SimulatorAnswer>(texts.map((t, i) => [t, answers[i]!]));

  const order = (await inboundOrder(contact)).slice(1); // after "hi"
  expect([...order].sort()).toEqual([...texts].sort()); // nothing lost, nothing twice
  // the first recorded message answers "First?", the next one the question after it, and so on
  const prompts = ['Second?', 'Third?'];
  order.forEach((text, i) => {
    const expected = i < prompts.length ? [prompts[i]] : [`Got ${order.join(', ')}`];
    expect(byText.get(text)!.replies, `reply to ${text} (position ${i})`).toEqual(expected);
  });
  const last = byText.get(order[order.length - 1]!)!;
  expect(last.conversation).toMatchObject({ status: 'completed', state: { a: order[0], b: order[1], c: order[2] } });

  // the journal saw the messages in the same order, each handled by the node after the previous one's
  const entries = await journal(api, last.conversation!.id);
  const handled = entries.flatMap((e, i) =>
    e.type === 'event.message'
      ? [{ text: e.data.message.text, from: entries.slice(i + 1).find((x) => x.type === 'edge_followed')?.data.from }]
      : [],
  );
  expect(handled).toEqual(order.map((text, i) => ({ text, from: ['first', 'second', 'third'][i] })));

  // every reply in the transcript comes after the message it answers
  const lines = await transcript(api, botId, contact);
  const position = (text: string) => lines.findIndex((m) => m.text === text);
  order.forEach((text, i) => {
    const reply = i < prompts.length ? prompts[i]! : `Got ${order.join(', ')}`;
    expect(position(reply)).toBeGreaterThan(position(text));
  });
  expect(lines.filter((m) => m.direction === 'out').map((m) => m.text)).toEqual(['First?', 'Second?', 'Third?', `Got ${order.join(', ')}`]);
}

describe('messages from one contact arriving together', () => {
  it('answers three messages sent at once, in order, several times over', async () => {
    for (let round = 0; round < 6; round++) {
      const contact = `burst-${round}`;
      expect((await sayOk(api, botId, contact, 'hi')).replies).toEqual(['First?']);
      await burst(contact, [`x${round}`, `y${round}`, `z${round}`]);
    }
  });

  it('keeps each contact in order while many contacts send pairs at once', async () => {
    const contacts = Array.from({ length: 8 }, (_, i) => `pair-${i}`);
    await Promise.all(contacts.map((c) => sayOk(api, botId, c, 'hi')));
    await Promise.all(
      contacts.map(async (c) => {
        const answers = await Promise.all([say(api, botId, c, `${c}-a`), say(api, botId, c, `${c}-b`)]);
        for (const a of answers) expect(a.status).toBe(200);
        const order = (await inboundOrder(c)).slice(1);
        expect([...order].sort()).toEqual([`${c}-a`, `${c}-b`]);
        const reply = (text: string) => answers[text === `${c}-a` ? 0 : 1]!.replies;
        expect(reply(order[0]!)).toEqual(['Second?']);
        expect(reply(order[1]!)).toEqual(['Third?']);
        // a third message finishes it, with the first two in recorded order
        const third = await sayOk(api, botId, c, `${c}-c`);
        expect(third.replies).toEqual([`Got ${order[0]}, ${order[1]}, ${c}-c`]);
      }),
    );
  });
});
