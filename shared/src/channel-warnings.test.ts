import { describe, expect, it } from 'vitest';
import { channelWarnings } from './channel-warnings';
import type { FlowDocument } from './flow-types';

const flow = (...nodes: Array<[id: string, type: string, data: Record<string, unknown>]>): FlowDocument => ({
  nodes: nodes.map(([id, type, data], i) => ({ id, type, position: { x: i * 200, y: 0 }, data })),
  edges: [],
});
const ask = (choices: string[], question = 'Which one?') => ({ question, answer_type: 'choice', choices, save_as: 'pick' });
const options = (count: number) => Array.from({ length: count }, (_, i) => `Option ${i + 1}`);

describe('channelWarnings: WhatsApp', () => {
  it('says nothing when the choices fit as buttons', () => {
    expect(channelWarnings(flow(['q', 'ask', ask(['Yes', 'No', 'Maybe later'])]), ['whatsapp'])).toEqual([]);
  });

  it('more than 3 choices become a list', () => {
    expect(channelWarnings(flow(['s', 'start', {}], ['q', 'ask', ask(options(4))]), ['whatsapp'])).toEqual([
      {
        nodeId: 'q',
        channel: 'whatsapp',
        code: 'whatsapp_list',
        path: '/nodes/1/data/choices',
        message: 'On WhatsApp the choices are shown as a list, not buttons: 4 choices are more than 3 buttons',
      },
    ]);
  });

  it('a title over 20 characters makes it a list; over 24, numbered text; the path names the choice', () => {
    const [list] = channelWarnings(flow(['q', 'ask', ask(['Yes', 'Tuesday afternoon pls'])]), ['whatsapp']);
    expect(list).toMatchObject({ code: 'whatsapp_list', path: '/nodes/0/data/choices/1' });
    expect(list!.message).toBe(
      'On WhatsApp the choices are shown as a list, not buttons: "Tuesday afternoon pls" (choice 2) is longer than a button\'s 20 characters',
    );
    const [numbered] = channelWarnings(flow(['q', 'ask', ask(['Yes', 'Wednesday morning, early please'])]), ['whatsapp']);
    expect(numbered).toMatchObject({ code: 'whatsapp_numbered', path: '/nodes/0/data/choices/1' });
    expect(numbered!.message).toContain("longer than a list row's 24 characters");
  });

  it('more than 10 choices become numbered text', () => {
    expect(channelWarnings(flow(['q', 'ask', ask(options(12))]), ['whatsapp'])).toEqual([
      {
        nodeId: 'q',
        channel: 'whatsapp',
        code: 'whatsapp_numbered',
        path: '/nodes/0/data/choices',
        message: "On WhatsApp the choices are sent as numbered text: 12 choices are more than a list's 10 rows",
      },
    ]);
  });

  it('a calendar offering more than 3 times shows them as a list', () => {
    expect(channelWarnings(flow(['b', 'book_appointment', { resource_id: 'r1', offer_count: 5 }]), ['whatsapp'])).toMatchObject([
      { code: 'whatsapp_list', path: '/nodes/0/data/offer_count' },
    ]);
    expect(channelWarnings(flow(['b', 'book_appointment', { resource_id: 'r1' }]), ['whatsapp'])).toEqual([]);
  });

  it('has nothing to say about SMS matters', () => {
    expect(
      channelWarnings(flow(['m', 'send_message', { text: 'Hi 👋 '.repeat(400), media_url: 'https://x.test/a.png' }]), ['whatsapp']),
    ).toEqual([]);
  });
});

describe('channelWarnings: WhatsApp, a message after a pause', () => {
  const paused = (message: Record<string, unknown>, failedEdge = false): FlowDocument => ({
    nodes: [
      { id: 'w', type: 'wait', position: { x: 0, y: 0 }, data: { duration: 2, unit: 'days' } },
      { id: 'm', type: 'send_message', position: { x: 200, y: 0 }, data: message },
      { id: 'e', type: 'end', position: { x: 400, y: 0 }, data: {} },
    ],
    edges: [{ id: 'a', source: 'w', target: 'm', sourceHandle: 'out' }, ...(failedEdge ? [{ id: 'b', source: 'm', target: 'e', sourceHandle: 'failed' }] : [])],
  });

  it('warns that “Not delivered” leads nowhere when the window may have closed and there is no template', () => {
    expect(channelWarnings(paused({ text: 'Still there?' }), ['whatsapp'])).toMatchObject([{ nodeId: 'm', code: 'whatsapp_undelivered', path: '/nodes/1/data/template' }]);
    expect(channelWarnings(paused({ text: 'Still there?' }), ['sms'])).toEqual([]);
  });

  it('says nothing with a template, with “Not delivered” connected, or for a reply right after the contact wrote', () => {
    expect(channelWarnings(paused({ text: 'Still there?', template: { name: 'follow_up', language: 'en' } }), ['whatsapp'])).toEqual([]);
    expect(channelWarnings(paused({ text: 'Still there?' }, true), ['whatsapp'])).toEqual([]);
    expect(channelWarnings(flow(['m', 'send_message', { text: 'Welcome!' }]), ['whatsapp'])).toEqual([]);
  });
});

describe('channelWarnings: SMS', () => {
  it('says nothing about a short plain message', () => {
    expect(channelWarnings(flow(['m', 'send_message', { text: 'See you at 10:00, {{contact.first_name}}!' }]), ['sms'])).toEqual([]);
  });

  it('media reaches the US and Canada only', () => {
    expect(channelWarnings(flow(['m', 'send_message', { text: 'Your ticket', media_url: 'https://x.test/t.pdf' }]), ['sms'])).toEqual([
      {
        nodeId: 'm',
        channel: 'sms',
        code: 'sms_media',
        path: '/nodes/0/data/media_url',
        message: 'Pictures and files (MMS) reach US and Canadian numbers only: elsewhere SMS carries the text alone',
      },
    ]);
  });

  it('a text over 1600 characters is split into several messages', () => {
    const text = 'All the details you asked for. '.repeat(60); // 1860 characters
    expect(channelWarnings(flow(['m', 'send_message', { text }]), ['sms'])).toEqual([
      {
        nodeId: 'm',
        channel: 'sms',
        code: 'sms_split',
        path: '/nodes/0/data/text',
        message: '1860 characters are more than one SMS carries (1600): sent as 2 separate messages',
      },
    ]);
  });

  it('what the AI steps say (the question asked first, the fallback) is checked like any message', () => {
    const long = 'All the details you asked for. '.repeat(60);
    const found = channelWarnings(
      flow(['i', 'ai_intent', { question: long, intents: [{ name: 'book', examples: ['book'] }] }], ['r', 'ai_reply', { instructions: 'x', fallback: long }]),
      ['sms'],
    );
    expect(found.map((w) => [w.nodeId, w.code, w.path])).toEqual([
      ['i', 'sms_split', '/nodes/0/data/question'],
      ['r', 'sms_split', '/nodes/1/data/fallback'],
    ]);
  });

  it('an emoji switches the message to UCS-2, with its cost in segments', () => {
    const text = 'Thanks for booking with us, we look forward to seeing you on Tuesday morning at ten 😀';
    expect(channelWarnings(flow(['m', 'send_message', { text }]), ['sms'])).toEqual([
      {
        nodeId: 'm',
        channel: 'sms',
        code: 'sms_ucs2',
        path: '/nodes/0/data/text',
        message: '😀 is outside the SMS alphabet: the message is sent as UCS-2, 70 characters per segment (2 segments instead of 1)',
      },
    ]);
  });

  it('measures a question with its numbered choices, and the retry message', () => {
    const warnings = channelWarnings(flow(['q', 'ask', { ...ask(['Sí', 'No']), retry_message: 'Responde 1 o 2 🙏' }]), ['sms']);
    expect(warnings.map((w) => [w.code, w.path])).toEqual([
      ['sms_ucs2', '/nodes/0/data/question'],
      ['sms_ucs2', '/nodes/0/data/retry_message'],
    ]);
  });
});

describe('channelWarnings: several channels', () => {
  it('lists each channel’s warnings per node, in node order', () => {
    const doc = flow(['m', 'send_message', { text: 'Hi 👋', media_url: 'https://x.test/a.png' }], ['q', 'ask', ask(options(5))]);
    expect(channelWarnings(doc, ['sms', 'whatsapp']).map((w) => [w.nodeId, w.channel, w.code])).toEqual([
      ['m', 'sms', 'sms_media'],
      ['m', 'sms', 'sms_ucs2'],
      ['q', 'whatsapp', 'whatsapp_list'],
    ]);
    expect(channelWarnings(doc, [])).toEqual([]);
  });

  it('skips unknown node types and malformed data', () => {
    const doc = {
      nodes: [
        { id: 'x', type: 'mystery', position: { x: 0, y: 0 }, data: {} },
        { id: 'q', type: 'ask', position: { x: 0, y: 0 }, data: { choices: 'nope', answer_type: 'choice' } },
      ],
      edges: [],
    };
    expect(channelWarnings(doc, ['sms', 'whatsapp'])).toEqual([]);
  });
});

describe('channelWarnings: Messenger', () => {
  const pausedFlow = (failedExit = false): FlowDocument => ({
    nodes: [
      { id: 'w', type: 'wait', position: { x: 0, y: 0 }, data: { mode: 'duration', duration: 2, unit: 'days' } },
      { id: 'm', type: 'send_message', position: { x: 200, y: 0 }, data: { text: 'Still there?' } },
      { id: 'x', type: 'end', position: { x: 400, y: 0 }, data: {} },
    ],
    edges: [{ id: 'e1', source: 'w', target: 'm' }, ...(failedExit ? [{ id: 'e2', source: 'm', target: 'x', sourceHandle: 'failed' }] : [])],
  });

  it('says nothing when up to 13 choices of up to 20 characters fit as quick replies', () => {
    expect(channelWarnings(flow(['q', 'ask', ask(options(13))]), ['messenger'])).toEqual([]);
  });

  it('more than 13 choices, or a title over 20 characters, become numbered text; the path names the choice', () => {
    expect(channelWarnings(flow(['q', 'ask', ask(options(14))]), ['messenger'])).toEqual([
      {
        nodeId: 'q',
        channel: 'messenger',
        code: 'messenger_numbered',
        path: '/nodes/0/data/choices',
        message: "On Messenger the choices are sent as numbered text, not quick replies: 14 choices are more than Messenger's 13 quick replies",
      },
    ]);
    const [long] = channelWarnings(flow(['q', 'ask', ask(['Yes', 'Tuesday afternoon pls'])]), ['messenger']);
    expect(long).toMatchObject({ code: 'messenger_numbered', path: '/nodes/0/data/choices/1' });
    expect(long!.message).toContain('"Tuesday afternoon pls" (choice 2) is longer than a quick reply\'s 20 characters');
  });

  it('a text over 2000 characters goes as several messages', () => {
    const [split] = channelWarnings(flow(['m', 'send_message', { text: 'word '.repeat(500) }]), ['messenger']);
    expect(split).toMatchObject({ code: 'messenger_split', path: '/nodes/0/data/text' });
    expect(split!.message).toContain('sent as 2 separate messages');
  });

  it('a message after a pause may find the 24-hour window closed: no template can help, only “Not delivered”', () => {
    expect(channelWarnings(pausedFlow(), ['messenger'])).toMatchObject([{ nodeId: 'm', code: 'messenger_undelivered', path: '/nodes/1/data' }]);
    expect(channelWarnings(pausedFlow(true), ['messenger'])).toEqual([]);
    expect(channelWarnings(flow(['m', 'send_message', { text: 'Welcome!' }]), ['messenger'])).toEqual([]);
  });
});
