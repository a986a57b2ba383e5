// The OpenAI adapter through the real `openai` SDK against a local stand-in of the
// chat-completions API: success, structured output, malformed output, timeouts, retries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aiPortContract } from '../../ports/ai.contract';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../../../tests/support/openai-stand-in';
import { createAiEffects } from '../ai/ai-effects';
import { createAiGateway } from '../ai/ai-gateway';
import { OpenAiModel } from './openai-ai';

let standIn: OpenAiStandIn;
beforeAll(async () => {
  standIn = await startOpenAiStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const model = () => new OpenAiModel({ apiKey: 'sk-test-123', baseURL: standIn.baseUrl, model: 'gpt-standin' });
const intents = [
  { name: 'book', examples: ['I want to book an appointment', 'Can I come in tomorrow?'] },
  { name: 'cancel', examples: ['Cancel my appointment', 'Delete my booking'] },
];
const now = new Date('2026-03-06T15:30:00Z');
const classify = (text: string, timeoutMs?: number) => model().classifyIntent({ text, intents, threshold: 0.4, timezone: 'America/New_York', now, timeoutMs });
const knowledge = 'Q: How much is a check-up?\nA: A check-up costs $60.\n\nWe are open Monday to Friday, 8am to 6pm.';
const reply = (message: string, extra: Record<string, unknown> = {}) =>
  model().reply({ instructions: 'You answer for Sunrise Clinic.', knowledge, history: [], message, fallback: 'Let me find someone.', ...extra });

aiPortContract('openai (local stand-in)', () => new OpenAiModel({ apiKey: 'sk-test-123', baseURL: standIn.baseUrl, model: 'gpt-standin' }));

describe('OpenAI adapter: intents through structured output', () => {
  it('sends the model, the key, a strict JSON Schema naming the intents, and the message as the user turn', async () => {
    const result = await classify('can I come tomorrow at 3pm? mail me at Ana@Example.com');
    const { body, headers } = standIn.requests[0]!;
    expect(headers.authorization).toBe('Bearer sk-test-123');
    expect(body.model).toBe('gpt-standin');
    expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'intent_and_entities', strict: true } });
    const schema = body.response_format!.json_schema!.schema as { properties: { ranking: { items: { properties: { name: { enum: string[] } } } } } };
    expect(schema.properties.ranking.items.properties.name.enum).toEqual(['book', 'cancel']);
    expect(body.messages[0]!.role).toBe('system');
    expect(body.messages[0]!.content).toContain('Friday 2026-03-06T10:30'); // now, in the contact's zone
    expect(body.messages[1]).toEqual({ role: 'user', content: 'can I come tomorrow at 3pm? mail me at Ana@Example.com' });
    expect(result.intent).toBe('book');
    expect(result.entities.dates[0]!.start).toBe('2026-03-07T15:00:00.000-05:00');
    expect(result.entities.emails).toEqual([{ text: 'Ana@Example.com', value: 'ana@example.com' }]);
    expect(result.tokens?.completion).toBe(20);
  });

  it('completes and sorts the ranking, and applies the threshold', async () => {
    standIn.script({ content: JSON.stringify({ ranking: [{ name: 'cancel', score: 0.35 }], entities: { dates: [], numbers: [], emails: [], phones: [] } }) });
    const result = await classify('hmm');
    expect(result).toMatchObject({ intent: null, confidence: 0.35, ranking: [{ name: 'cancel', score: 0.35 }, { name: 'book', score: 0 }] });
  });

  it('drops entities it cannot read (a date that is no date, a phone that is no number)', async () => {
    const entities = {
      dates: [{ text: 'someday', start: 'soon', end: null, grain: 'day' }],
      numbers: [{ text: 'two', value: 2 }],
      emails: [],
      phones: [{ text: 'call 12', value: '12' }, { text: '+44 7700 900123', value: '+447700900123' }],
    };
    standIn.script({ content: JSON.stringify({ ranking: [{ name: 'book', score: 0.9 }], entities }) });
    const result = await classify('x');
    expect(result.entities).toEqual({ dates: [], numbers: [{ text: 'two', value: 2 }], emails: [], phones: [{ text: '+44 7700 900123', value: '+447700900123' }] });
  });

  it.each([
    ['text that is not JSON', 'Sure! The intent is book.', 'not valid JSON'],
    ['an intent the builder never named', JSON.stringify({ ranking: [{ name: 'refund', score: 1 }], entities: { dates: [], numbers: [], emails: [], phones: [] } }), 'does not match the schema'],
    ['missing entities', JSON.stringify({ ranking: [] }), 'does not match the schema'],
  ])('malformed structured output (%s) is an error, never an intent', async (_what, content, message) => {
    standIn.script({ content });
    await expect(classify('book me')).rejects.toThrow(message);
  });

  it('a refusal is an error', async () => {
    standIn.script({ content: null, refusal: 'I cannot help with that.' });
    await expect(classify('book me')).rejects.toThrow('the model refused: I cannot help with that.');
  });
});

describe('OpenAI adapter: transient errors and time limits', () => {
  it('retries a 429 and then answers', async () => {
    standIn.script({ status: 429, headers: { 'retry-after-ms': '20' } });
    const result = await classify('cancel my appointment please');
    expect(result.intent).toBe('cancel');
    expect(standIn.requests).toHaveLength(2);
  });

  it('retries a 500 twice, then fails saying so', async () => {
    standIn.script(...[1, 2, 3].map(() => ({ status: 500, headers: { 'retry-after-ms': '10' } })));
    await expect(classify('cancel')).rejects.toThrow(/the provider answered 500/);
    expect(standIn.requests).toHaveLength(3);
  });

  it('does not retry a 401 (a wrong key)', async () => {
    standIn.script({ status: 401 });
    await expect(classify('cancel')).rejects.toThrow(/the provider answered 401/);
    expect(standIn.requests).toHaveLength(1);
  });

  it('gives up at the deadline, retries included', async () => {
    standIn.script(...[1, 2, 3].map(() => ({ delayMs: 3_000 })));
    const started = Date.now();
    await expect(classify('cancel', 400)).rejects.toThrow('timed out after 400 ms');
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});

describe('OpenAI adapter: replies', () => {
  it('sends rules, instructions and knowledge as the system turn, the history as user/assistant turns, then the message', async () => {
    const result = await reply('how much is a check-up?', {
      history: [
        { role: 'contact', text: 'hi' },
        { role: 'bot', text: 'Hello! How can I help?' },
      ],
    });
    const messages = standIn.requests[0]!.body.messages;
    expect(messages[0]!.content).toContain('You answer for Sunrise Clinic.');
    expect(messages[0]!.content).toContain('A check-up costs $60.');
    expect(messages[0]!.content).toMatch(/Never state a price/);
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'Hello! How can I help?' },
      { role: 'user', content: 'how much is a check-up?' },
    ]);
    expect(result).toMatchObject({ text: 'A check-up costs $60.', source: 'model' });
  });

  it('NO_ANSWER becomes the fallback', async () => {
    standIn.script({ content: 'NO_ANSWER' });
    expect(await reply('do you sell train tickets?')).toMatchObject({ text: 'Let me find someone.', source: 'fallback' });
  });

  it.each([
    ['a price the knowledge does not give', 'Teeth whitening costs $300.'],
    ['a price in words', 'That is 45 dollars.'],
    ['a booking it cannot make', "Great, you're booked for tomorrow at 3pm!"],
    ['a cancellation it cannot make', 'Your appointment has been cancelled.'],
  ])('never sends %s: the fallback goes instead', async (_what, content) => {
    standIn.script({ content });
    expect(await reply('how much is whitening? book me tomorrow')).toMatchObject({ text: 'Let me find someone.', source: 'fallback' });
  });

  it('a price the knowledge gives may be quoted', async () => {
    standIn.script({ content: 'A check-up is $60, and we are open until 6pm.' });
    expect(await reply('price?')).toMatchObject({ source: 'model' });
  });
});

describe('AI effects: what the node gets back', () => {
  const effects = (apiKey?: string) =>
    createAiEffects({
      gateway: createAiGateway({ env: { apiKey, baseUrl: standIn.baseUrl, model: 'gpt-standin' }, botSettings: async (botId) => (botId === 'own' ? { apiKey: 'sk-own', model: 'own-model' } : null) }),
      transcript: async () => [
        { role: 'bot', text: 'How can I help?' },
        { role: 'contact', text: 'how much is a check-up?' },
      ],
    });
  const ctx = (botId = 'b1') => ({ botId, conversationId: 'c1', contactId: 'k1', timezone: 'UTC' });
  const classifyReq = { op: 'classify' as const, text: 'cancel my appointment', intents, threshold: 0.4, now: now.toISOString(), timeoutMs: 2_000 };

  it('with a key, answers with the intent and the tokens used', async () => {
    const result = await effects('sk-env').run(classifyReq, ctx());
    expect(result).toMatchObject({ ok: true, data: { intent: 'cancel', usage: { op: 'classify', provider: 'openai', model: 'gpt-standin', completionTokens: 20 } } });
  });

  it("a bot's own key and model win over the environment's", async () => {
    await effects('sk-env').run(classifyReq, ctx('own'));
    expect(standIn.requests[0]!.headers.authorization).toBe('Bearer sk-own');
    expect(standIn.requests[0]!.body.model).toBe('own-model');
  });

  it('with no key anywhere, the local model answers and nothing is sent out', async () => {
    const result = await effects(undefined).run(classifyReq, ctx());
    expect(result).toMatchObject({ ok: true, data: { intent: 'cancel', usage: { provider: 'local', promptTokens: 0 } } });
    expect(standIn.requests).toHaveLength(0);
  });

  it('a reply reads the turns before the message being answered', async () => {
    const result = await effects('sk-env').run({ op: 'reply', instructions: 'Be brief.', knowledge, message: 'how much is a check-up?', fallback: 'x', historyTurns: 4, timeoutMs: 2_000 }, ctx());
    expect(result).toMatchObject({ ok: true, data: { source: 'model', usage: { op: 'reply' } } });
    expect(standIn.requests[0]!.body.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'How can I help?' },
      { role: 'user', content: 'how much is a check-up?' },
    ]);
  });

  it('malformed output is a failed result, never a throw', async () => {
    standIn.script({ content: '{"ranking": "book"}' });
    const result = await effects('sk-env').run(classifyReq, ctx());
    expect(result).toEqual({ ok: false, error: expect.stringContaining('does not match the schema') });
  });
});
