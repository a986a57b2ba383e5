// Both AI steps end to end through the simulator: offline on the local model, then on the real
// `openai` SDK pointed at a local chat-completions stand-in (OPENAI_API_KEY / OPENAI_BASE_URL),
// with the bot's own sealed key, the studio's tries, bad input and the tokens in analytics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { BotModel } from '../../server/src/adapters/mongo/models';
import { edge, node, startTestApp, type TestApp } from '../support/app-harness';
import { startOpenAiStandIn, type OpenAiStandIn } from '../support/openai-stand-in';
import { botWithFlow, sayOk, type Api } from './conversations-helpers';

const knowledge = 'Q: How much is a check-up?\nA: A check-up costs $60.\n\nQ: When are you open?\nA: Monday to Friday, 8am to 6pm.';
const intents = [
  { name: 'book', examples: ['I want to book an appointment', 'can I come tomorrow at 3?', 'any free slots on Monday?', 'book me in please'] },
  { name: 'question', examples: ['how much is a check-up?', 'when are you open?', 'what are your prices?', 'where are you?'] },
  { name: 'other', examples: ['tell me a joke', 'who won the game?', 'what is the weather like?'] },
];

const clinicFlow = {
  nodes: [
    node('s', 'start'),
    node('ai', 'ai_intent', { question: 'How can I help?', intents }),
    node('book', 'send_message', { text: 'Booking from {{state.understood.entities.dates.0.start}} ({{state.understood.intent}})' }),
    node('answer', 'ai_reply', { instructions: 'You answer for Sunrise Clinic. Be brief.', knowledge, save_as: 'answer' }),
    node('human', 'handoff', { message: 'Let me get a colleague.' }),
    node('sorry', 'send_message', { text: 'Sorry, I did not get that.' }),
    node('e', 'end'),
  ],
  edges: [
    edge('s', 'ai'),
    edge('ai', 'book', 'book'),
    edge('ai', 'answer', 'question'),
    edge('ai', 'sorry', 'unknown'),
    edge('answer', 'e', 'out'),
    edge('answer', 'human', 'failure'),
    edge('book', 'e'),
    edge('sorry', 'e'),
  ],
};

let app: TestApp | undefined;
let standIn: OpenAiStandIn;
beforeAll(async () => {
  standIn = await startOpenAiStandIn();
});
afterAll(async () => {
  await app?.stop();
  await standIn?.close();
});

async function start(env: Record<string, string> = {}): Promise<Api> {
  await app?.stop();
  app = await startTestApp({ label: 'ai-nodes', env });
  return { app, token: await app.login() };
}

describe('AI steps with no key: the local model, offline', () => {
  let api: Api;
  let botId: string;
  beforeAll(async () => {
    api = await start();
    botId = await botWithFlow(api, 'Clinic', clinicFlow, { timezone: 'Europe/London' });
  });

  it('understands a booking and reads "tomorrow at 3pm" in the bot zone', async () => {
    expect((await sayOk(api, botId, 'ana', 'hi')).replies).toEqual(['How can I help?']);
    const done = await sayOk(api, botId, 'ana', 'can I come tomorrow at 3pm?');
    expect(done.replies).toHaveLength(1);
    expect(done.replies[0]).toMatch(/^Booking from \d{4}-\d{2}-\d{2}T15:00:00\.000[+-]\d{2}:\d{2} \(book\)$/);
    expect(done.conversation!.state.understood).toMatchObject({ intent: 'book', text: 'can I come tomorrow at 3pm?' });
    expect(done.conversation!.state.understood.confidence).toBeGreaterThan(0.4);
  });

  it('answers a question from the knowledge, and hands over when the knowledge has no answer', async () => {
    await sayOk(api, botId, 'ben', 'hi');
    const answered = await sayOk(api, botId, 'ben', 'how much is a check-up?');
    expect(answered.replies).toEqual(['A check-up costs $60.']);
    expect(answered.conversation!.state.answer).toEqual({ text: 'A check-up costs $60.', source: 'knowledge' });
    await sayOk(api, botId, 'cy', 'hi');
    const unknown = await sayOk(api, botId, 'cy', 'what are your prices for teeth whitening?');
    expect(unknown.replies).toEqual(['Let me get a colleague.']);
    expect(unknown.conversation!.status).toBe('handoff');
  });

  it('"Try a sentence" answers the intent, its confidence and the entities; the settings say "local"', async () => {
    const tried = await api.app.call('POST', `/api/bots/${botId}/ai/try-intent`, {
      token: api.token,
      body: { text: 'book me in next friday morning, ana@example.com', intents, timezone: 'America/New_York' },
    });
    expect(tried.status).toBe(200);
    expect(tried.body).toMatchObject({ intent: 'book', provider: 'local', timezone: 'America/New_York', entities: { emails: [{ value: 'ana@example.com' }] } });
    expect(tried.body.entities.dates[0]).toMatchObject({ grain: 'part_of_day' });
    expect((await api.app.call('GET', `/api/bots/${botId}/ai`, { token: api.token })).body).toMatchObject({ provider: 'local', keySource: 'none', apiKey: null });
    const reply = await api.app.call('POST', `/api/bots/${botId}/ai/try-reply`, { token: api.token, body: { message: 'when are you open?', instructions: 'Be brief.', knowledge } });
    expect(reply.body).toMatchObject({ text: 'Monday to Friday, 8am to 6pm.', source: 'knowledge', provider: 'local' });
  });

  it.each([
    [{ text: 'hi', intents: [] }, '/intents'],
    [{ text: 'hi', intents, threshold: 2 }, '/threshold'],
    [{ text: '   ', intents }, '/text'],
    [{ text: 'hi', intents: [{ name: 'Book It', examples: ['x'] }] }, '/intents/0/name'],
    [{ text: 'hi', intents, timezone: 'Mars/Olympus' }, '/timezone'],
    [{ text: 'hi', intents: [intents[0], intents[0]] }, '/intents/1/name'],
    [{ text: 'hi', intents, model: 'gpt-5' }, '/model'],
  ])('a try with bad input (%j) is a 422 naming %s', async (body, path) => {
    const res = await api.app.call('POST', `/api/bots/${botId}/ai/try-intent`, { token: api.token, body });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('needs credentials', async () => {
    expect((await api.app.call('POST', `/api/bots/${botId}/ai/try-intent`, { body: { text: 'hi', intents } })).status).toBe(401);
    expect((await api.app.call('GET', `/api/bots/${botId}/analytics/ai`)).status).toBe(401);
  });

  it('a flow with two intents of one name, or one called "unknown", is saved with problems on those names', async () => {
    const flow = { nodes: [node('s', 'start'), node('ai', 'ai_intent', { intents: [intents[0], intents[0], { name: 'unknown', examples: ['x'] }] })], edges: [edge('s', 'ai')] };
    const res = await api.app.call('PUT', `/api/bots/${botId}/flow`, { token: api.token, body: flow });
    expect(res.status).toBe(200);
    const paths = res.body.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/nodes/1/data/intents/1/name', '/nodes/1/data/intents/2/name']));
    const unknownExit = await api.app.call('PUT', `/api/bots/${botId}/flow`, {
      token: api.token,
      body: { nodes: [...flow.nodes, node('x', 'end')], edges: [edge('s', 'ai'), edge('ai', 'x', 'Not An Intent')] },
    });
    expect(unknownExit.status).toBe(422);
    await api.app.call('PUT', `/api/bots/${botId}/flow`, { token: api.token, body: clinicFlow });
  });

  it('analytics counts the model calls of the local model (no tokens)', async () => {
    const usage = await api.app.call('GET', `/api/bots/${botId}/analytics/ai?days=7`, { token: api.token });
    expect(usage.status).toBe(200);
    expect(usage.body.totals.calls).toBeGreaterThanOrEqual(5);
    expect(usage.body.totals.promptTokens).toBe(0);
    expect(usage.body.byDay[0]).toMatchObject({ provider: 'local', model: 'botloom-local' });
    expect((await api.app.call('GET', `/api/bots/${botId}/analytics/ai?days=0`, { token: api.token })).status).toBe(422);
  });
});

describe('AI steps on an OpenAI-compatible server (the real SDK, a local stand-in)', () => {
  let api: Api;
  let botId: string;
  beforeAll(async () => {
    api = await start({ OPENAI_API_KEY: 'sk-env-key', OPENAI_BASE_URL: standIn.baseUrl, OPENAI_MODEL: 'gpt-standin' });
    botId = await botWithFlow(api, 'Clinic AI', clinicFlow, { timezone: 'Europe/London' });
  });

  it('classifies through structured output and replies through chat completions, counting tokens', async () => {
    standIn.reset();
    await sayOk(api, botId, 'dee', 'hi');
    const answered = await sayOk(api, botId, 'dee', 'how much is a check-up?');
    expect(answered.replies).toEqual(['A check-up costs $60.']);
    expect(answered.conversation!.state.answer).toEqual({ text: 'A check-up costs $60.', source: 'model' });
    expect(standIn.requests.map((r) => r.body.response_format?.type ?? 'text')).toEqual(['json_schema', 'text']);
    expect(standIn.requests.every((r) => r.headers.authorization === 'Bearer sk-env-key' && r.body.model === 'gpt-standin')).toBe(true);
    // the reply read the turns before the question
    expect(standIn.requests[1]!.body.messages.slice(1).map((m) => m.content)).toEqual(['hi', 'How can I help?', 'how much is a check-up?']);
    const usage = await api.app.call('GET', `/api/bots/${botId}/analytics/ai`, { token: api.token });
    expect(usage.body.totals.calls).toBe(2);
    expect(usage.body.totals.completionTokens).toBe(40);
    expect(usage.body.topConversations[0].conversationId).toBe(answered.conversation!.id);
  });

  it('a malformed structured answer goes the "unknown" way and staff are told why', async () => {
    await sayOk(api, botId, 'eve', 'hi');
    standIn.script({ content: '{"intent": "book"}' });
    const done = await sayOk(api, botId, 'eve', 'book me in');
    expect(done.replies).toEqual(['Sorry, I did not get that.']);
    expect(done.body.notices).toEqual([expect.objectContaining({ nodeId: 'ai', kind: 'ai_failed', message: expect.stringContaining('not in the expected form') })]);
  });

  it('a reply that invents a price is never sent: the failure way takes over', async () => {
    await sayOk(api, botId, 'fay', 'hi');
    standIn.script({}, { content: 'Whitening is $300, and I have booked you for Monday.' });
    const done = await sayOk(api, botId, 'fay', 'how much is whitening? when are you open?');
    expect(done.replies).toEqual(['Let me get a colleague.']);
  });

  it('retries a 429, and a provider that keeps failing leaves by the failure way', async () => {
    await sayOk(api, botId, 'gus', 'hi');
    standIn.script({ status: 429, headers: { 'retry-after-ms': '10' } });
    expect((await sayOk(api, botId, 'gus', 'can I come tomorrow at 3pm?')).replies[0]).toMatch(/^Booking from .*T15:00:00\.000\+00:00 \(book\)$/);
    await sayOk(api, botId, 'hal', 'hi');
    standIn.script({}, ...[1, 2, 3].map(() => ({ status: 500, headers: { 'retry-after-ms': '10' } })));
    const failed = await sayOk(api, botId, 'hal', 'when are you open?');
    expect(failed.replies).toEqual(['Let me get a colleague.']);
    expect(failed.body.notices[0].message).toContain('the provider answered 500');
  });

  it("the bot's own key and model are sealed, masked, and used instead of the server's", async () => {
    const put = await api.app.call('PUT', `/api/bots/${botId}/ai`, { token: api.token, body: { apiKey: 'sk-bot-own-secret-1234', model: 'own-model' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ provider: 'openai', keySource: 'bot', model: 'own-model' });
    expect(JSON.stringify(put.body)).not.toContain('sk-bot-own-secret-1234');
    const stored = await BotModel.findById(botId).lean();
    expect(stored!.ai!.apiKeyEnc).not.toContain('sk-bot-own-secret-1234');
    expect((await api.app.call('PUT', `/api/bots/${botId}/ai`, { token: api.token, body: { apiKey: 'has spaces in it' } })).status).toBe(422);
    standIn.reset();
    await sayOk(api, botId, 'ida', 'hi');
    await sayOk(api, botId, 'ida', 'book me in');
    expect(standIn.requests[0]!.headers.authorization).toBe('Bearer sk-bot-own-secret-1234');
    expect(standIn.requests[0]!.body.model).toBe('own-model');
    expect((await api.app.call('DELETE', `/api/bots/${botId}/ai`, { token: api.token })).status).toBe(204);
    expect((await api.app.call('GET', `/api/bots/${botId}/ai`, { token: api.token })).body).toMatchObject({ keySource: 'environment', model: 'gpt-standin' });
  });

  it('"Try a sentence" uses the configured model, or the local one when asked; a failing model is a 502', async () => {
    standIn.reset();
    const configured = await api.app.call('POST', `/api/bots/${botId}/ai/try-intent`, { token: api.token, body: { text: 'book me in', intents } });
    expect(configured.body).toMatchObject({ intent: 'book', provider: 'openai', model: 'gpt-standin' });
    const local = await api.app.call('POST', `/api/bots/${botId}/ai/try-intent`, { token: api.token, body: { text: 'book me in', intents, model: 'local' } });
    expect(local.body).toMatchObject({ intent: 'book', provider: 'local' });
    expect(standIn.requests).toHaveLength(1);
    standIn.script({ status: 401 });
    const refused = await api.app.call('POST', `/api/bots/${botId}/ai/try-intent`, { token: api.token, body: { text: 'book me in', intents } });
    expect(refused.status).toBe(502);
    expect(refused.body.error).toContain('401');
  });
});

describe('the AI templates, offline', () => {
  let api: Api;
  beforeAll(async () => {
    api = await start();
  });

  it('"Booking in plain words" books the free time asked for in words', async () => {
    const created = await api.app.call('POST', '/api/bots', { token: api.token, body: { name: 'Plain words', template: 'booking-in-plain-words', timezone: 'Europe/London' } });
    expect(created.status).toBe(201);
    const botId = created.body.id as string;
    // a weekday at least two days ahead, named as a person would: "on March 12 at 3pm"
    let day = DateTime.now().setZone('Europe/London').plus({ days: 2 }).startOf('day');
    while (day.weekday > 5) day = day.plus({ days: 1 });
    expect((await sayOk(api, botId, 'jo', 'hello')).replies[0]).toContain('How can I help?');
    const offered = await sayOk(api, botId, 'jo', `can I come on ${day.toFormat('MMMM d')} at 3pm?`);
    expect(offered.replies[0]).toContain('closest free times');
    const wanted = day.set({ hour: 15 });
    // the offers are the slots around 15:00 that day, in order: 14:30, 15:00, 15:30
    const booked = await sayOk(api, botId, 'jo', '2');
    expect(booked.replies[0]).toMatch(/^You're booked for .*15:00/);
    const appointments = await api.app.call('GET', `/api/bots/${botId}/appointments`, { token: api.token });
    expect(appointments.body.map((a: { start: string }) => new Date(a.start).toISOString())).toEqual([wanted.toUTC().toISO()]);
  });

  it('"FAQ assistant" greets, answers from its FAQ, and says goodbye', async () => {
    const created = await api.app.call('POST', '/api/bots', { token: api.token, body: { name: 'FAQ', template: 'faq-assistant' } });
    const botId = created.body.id as string;
    expect((await sayOk(api, botId, 'kim', 'hi there')).replies).toEqual(['Hi there! Ask me about our opening hours, prices, address or insurance.', 'Anything else I can help with?']);
    expect((await sayOk(api, botId, 'kim', 'how much is a check-up?')).replies).toEqual(['A check-up costs $60. A cleaning costs $85.', 'Anything else I can help with?']);
    const done = await sayOk(api, botId, 'kim', 'thanks, bye');
    expect(done.replies).toEqual(['Glad I could help. Have a good day!']);
    expect(done.conversation!.status).toBe('completed');
  });
});
