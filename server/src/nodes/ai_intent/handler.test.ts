import { describe, expect, it } from 'vitest';
import { buildFlow, createHarness, effectResult, message, sentTexts, start } from '../../../../tests/support/engine-harness';

const intents = [
  { name: 'book', examples: ['I want to book', 'can I come tomorrow?'] },
  { name: 'cancel', examples: ['cancel my appointment'] },
];

function intentFlow(config: Record<string, unknown> = {}, connect: string[] = ['book', 'cancel', 'unknown']) {
  return buildFlow(
    [
      ['s', 'start'],
      ['ai', 'ai_intent', { intents, ...config }],
      ['book', 'send_message', { text: 'booking {{state.understood.entities.dates.0.start}}' }],
      ['cancel', 'send_message', { text: 'cancelling' }],
      ['unknown', 'send_message', { text: 'sorry?' }],
    ],
    [['s', null, 'ai'], ...connect.map((exit) => ['ai', exit, exit] as [string, string, string])],
  );
}

const usage = { op: 'classify', provider: 'openai', model: 'gpt-test', promptTokens: 120, completionTokens: 30 } as const;
const entities = { dates: [{ text: 'tomorrow at 3', start: '2026-03-03T15:00:00.000+00:00', grain: 'minute' }], numbers: [], emails: [], phones: [] };

describe('ai_intent: the request', () => {
  it('asks the model to classify the message that started the conversation, in the contact zone, and waits', () => {
    const h = createHarness(intentFlow({ threshold: 0.6, timeout_ms: 4000 }), { contact: { timezone: 'Europe/Paris' } });
    const r = h.step({ type: 'start', message: { id: 'm1', text: ' can I come tomorrow at 3? ' } });
    expect(r.effects).toEqual([
      {
        type: 'ai_request',
        nodeId: 'ai',
        token: 'id-1',
        request: { op: 'classify', text: 'can I come tomorrow at 3?', intents, threshold: 0.6, timezone: 'Europe/Paris', now: '2026-03-02T09:00:00.000Z', timeoutMs: 4000 },
      },
    ]);
    expect(r.state).toMatchObject({ status: 'waiting', wait: { for: 'effect', token: 'id-1' } });
  });

  it('defaults: threshold 0.4, 10 s, no zone when the contact has none (the runtime uses the bot zone)', () => {
    const r = createHarness(intentFlow()).step({ type: 'start', message: { id: 'm1', text: 'hi' } });
    expect(r.effects[0]).toMatchObject({ request: { threshold: 0.4, timeoutMs: 10_000, timezone: undefined } });
  });

  it('with a question, sends it and classifies the reply', () => {
    const h = createHarness(intentFlow({ question: 'How can I help, {{contact.first_name}}?' }), { contact: { first_name: 'Ana' } });
    const asked = h.step({ type: 'start', message: { id: 'm1', text: 'hi' } });
    expect(sentTexts(asked)).toEqual(['How can I help, Ana?']);
    expect(asked.state.wait).toMatchObject({ for: 'reply' });
    const r = h.step(message('cancel please'));
    expect(r.effects).toEqual([expect.objectContaining({ type: 'ai_request', request: expect.objectContaining({ op: 'classify', text: 'cancel please' }) })]);
  });

  it('with no message yet (a conversation the bot started), waits for the next one', () => {
    const h = createHarness(intentFlow());
    expect(h.step(start()).state.wait).toMatchObject({ for: 'reply' });
    expect(h.step(message('book me in')).effects[0]).toMatchObject({ request: { text: 'book me in' } });
  });

  it('classifies a template text instead of the last message when told', () => {
    const flow = buildFlow(
      [
        ['s', 'start'],
        ['v', 'set_variable', { name: 'answer', value: 'cancel it' }],
        ['ai', 'ai_intent', { intents, text: '{{state.answer}}' }],
      ],
      [
        ['s', null, 'v'],
        ['v', null, 'ai'],
      ],
    );
    expect(createHarness(flow).step({ type: 'start', message: { id: 'm', text: 'hello' } }).effects[0]).toMatchObject({ request: { text: 'cancel it' } });
  });
});

describe('ai_intent: the result', () => {
  it('leaves by the intent, saving intent, confidence, text and entities, and journals the tokens', () => {
    const h = createHarness(intentFlow());
    h.step({ type: 'start', message: { id: 'm1', text: 'can I come tomorrow at 3?' } });
    const r = h.step(effectResult('id-1', { ok: true, data: { intent: 'book', confidence: 0.83, ranking: [], entities, usage } }));
    expect(r.state.vars.understood).toEqual({ intent: 'book', confidence: 0.83, text: 'can I come tomorrow at 3?', entities });
    expect(r.trace).toContainEqual({ type: 'ai_usage', nodeId: 'ai', ...usage });
    expect(r.trace).toContainEqual({ type: 'edge_followed', from: 'ai', handle: 'book', to: 'book' });
    expect(sentTexts(r)).toEqual(['booking 2026-03-03T15:00:00.000+00:00']);
  });

  it('below the threshold (intent null) leaves by "unknown", saving under save_as', () => {
    const h = createHarness(intentFlow({ save_as: 'state.guess' }));
    h.step({ type: 'start', message: { id: 'm1', text: 'hmm' } });
    const r = h.step(effectResult('id-1', { ok: true, data: { intent: null, confidence: 0.2, entities } }));
    expect(r.state.vars.guess).toMatchObject({ intent: 'unknown', confidence: 0.2 });
    expect(sentTexts(r)).toEqual(['sorry?']);
  });

  it('a name the builder never gave (a model making one up) is "unknown"', () => {
    const h = createHarness(intentFlow());
    h.step({ type: 'start', message: { id: 'm1', text: 'x' } });
    expect(sentTexts(h.step(effectResult('id-1', { ok: true, data: { intent: 'refund', confidence: 0.99, entities } })))).toEqual(['sorry?']);
  });

  it('an intent whose way is not connected goes the "unknown" way when that one is', () => {
    const h = createHarness(intentFlow({}, ['book', 'unknown']));
    h.step({ type: 'start', message: { id: 'm1', text: 'cancel' } });
    const r = h.step(effectResult('id-1', { ok: true, data: { intent: 'cancel', confidence: 0.9, entities } }));
    expect(sentTexts(r)).toEqual(['sorry?']);
    expect(r.state.vars.understood).toMatchObject({ intent: 'cancel' });
  });

  it.each([
    [{ ok: false, error: 'timed out after 4000 ms' }, 'timed out after 4000 ms'],
    [{ ok: true, data: { intent: 3 } }, 'the model answered in an unexpected form'],
  ])('a failed call (%j) leaves by "unknown" with a problem for staff', (result, reason) => {
    const h = createHarness(intentFlow());
    h.step({ type: 'start', message: { id: 'm1', text: 'book' } });
    const r = h.step(effectResult('id-1', result));
    expect(r.trace).toContainEqual({ type: 'note', nodeId: 'ai', message: `AI intent failed: ${reason}`, problem: { kind: 'ai_failed', detail: reason } });
    expect(r.state.vars.understood).toMatchObject({ intent: 'unknown', confidence: 0, error: reason });
    expect(sentTexts(r)).toEqual(['sorry?']);
  });

  it('ignores a stale result and messages while the call is out', () => {
    const h = createHarness(intentFlow());
    h.step({ type: 'start', message: { id: 'm1', text: 'book' } });
    expect(h.step(effectResult('id-0', { ok: true, data: { intent: 'book', confidence: 1, entities } })).trace).toEqual([{ type: 'ignored', reason: 'stale effect result' }]);
    expect(h.step(message('hello?')).trace).toEqual([{ type: 'ignored', reason: 'message arrived while waiting for effect' }]);
  });
});
