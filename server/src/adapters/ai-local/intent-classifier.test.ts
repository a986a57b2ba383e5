import { describe, expect, it } from 'vitest';
import { LocalAi } from './local-ai';
import { IntentModelCache } from './intent-classifier';

const intents = [
  { name: 'book', examples: ['I want to book an appointment', 'Can I come in tomorrow?', 'Do you have a free slot on Monday at 10?'] },
  { name: 'cancel', examples: ['Cancel my appointment', 'I will not be coming, please cancel', 'Delete my booking'] },
  { name: 'opening_hours', examples: ['When are you open?', 'What are your opening hours?', 'Are you open on Saturday?'] },
];
const now = new Date('2026-03-06T15:30:00Z');

async function classify(text: string, threshold = 0.4) {
  return new LocalAi().classifyIntent({ text, intents, threshold, timezone: 'America/New_York', now });
}

describe('local intent classifier', () => {
  it('recognises paraphrases of the examples', async () => {
    expect((await classify('please cancel my visit')).intent).toBe('cancel');
    expect((await classify('are you open on sunday')).intent).toBe('opening_hours');
    expect((await classify('can I book for friday afternoon')).intent).toBe('book');
  });

  it('reads typos and texting shorthand', async () => {
    expect((await classify('cancle my apointment')).intent).toBe('cancel');
    expect((await classify('wanna cancel')).intent).toBe('cancel');
    expect((await classify('r u open sat')).intent).toBe('opening_hours');
    expect((await classify('cn i com tmrw at 3 for an appt')).intent).toBe('book');
  });

  it('ranks every intent, best first, with scores between 0 and 1', async () => {
    const result = await classify('cancel my appointment please');
    expect(result.ranking.map((entry) => entry.name).sort()).toEqual(['book', 'cancel', 'opening_hours']);
    expect(result.ranking[0]!.name).toBe('cancel');
    for (let i = 1; i < result.ranking.length; i++) expect(result.ranking[i]!.score).toBeLessThanOrEqual(result.ranking[i - 1]!.score);
    for (const entry of result.ranking) expect(entry.score).toBeGreaterThanOrEqual(0);
    expect(result.confidence).toBe(result.ranking[0]!.score);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it('answers unknown (null) under the threshold, with the confidence still reported', async () => {
    const offTopic = await classify('my cat likes pizza');
    expect(offTopic.intent).toBeNull();
    expect(offTopic.confidence).toBeLessThan(0.4);
    const clear = await classify('I want to cancel my appointment');
    expect(clear.confidence).toBeGreaterThan(0.8);
    // The same message under a threshold above its confidence is unknown too.
    const strict = await classify('I want to cancel my appointment', Math.min(1, clear.confidence + 0.01));
    expect(strict.intent).toBeNull();
    expect(strict.ranking[0]!.name).toBe('cancel');
  });

  it('sends off-topic questions to an intent of off-topic examples when the builder gives one', async () => {
    // A question sharing only "what is" with one example can still beat a few intents; builders
    // are told to add an "other" intent, which is what absorbs it.
    const withOther = [...intents, { name: 'other', examples: ['What is the weather like?', 'Tell me a joke', 'Who won the game?'] }];
    const result = await new LocalAi().classifyIntent({
      text: 'what is the capital of peru',
      intents: withOther,
      threshold: 0.4,
      timezone: 'UTC',
      now,
    });
    expect(result.ranking[0]!.name).toBe('other');
  });

  it('returns the entities of the message along with the intent', async () => {
    const result = await classify('can I come tomorrow at 3?');
    expect(result.intent).toBe('book');
    expect(result.entities.dates[0]?.start).toBe('2026-03-07T15:00:00.000-05:00');
  });

  it('answers unknown when no intent has examples', async () => {
    const result = await new LocalAi().classifyIntent({
      text: 'hello',
      intents: [{ name: 'empty', examples: [' '] }],
      threshold: 0.4,
      timezone: 'UTC',
      now,
    });
    expect(result).toEqual({ intent: null, confidence: 0, ranking: [{ name: 'empty', score: 0 }], entities: expect.anything() });
    const mixed = await new LocalAi().classifyIntent({
      text: 'cancel it',
      intents: [...intents, { name: 'empty', examples: [] }],
      threshold: 0.4,
      timezone: 'UTC',
      now,
    });
    expect(mixed.intent).toBe('cancel');
    expect(mixed.ranking.at(-1)).toEqual({ name: 'empty', score: 0 });
  });

  it('reads only the first 4,096 characters of a very long message', async () => {
    const padding = 'la '.repeat(1000); // 3,000 characters
    const result = await classify(`${padding} tomorrow at 9am ${padding} friday at 10am`);
    expect(result.entities.dates.map((date) => date.text)).toEqual(['tomorrow at 9am']);
  });

  it('trains once per example set and forgets the least recently used one', () => {
    const cache = new IntentModelCache(2);
    const first = cache.get(intents);
    expect(cache.get(intents.map((intent) => ({ ...intent })))).toBe(first);
    cache.get([{ name: 'a', examples: ['one'] }]);
    cache.get(intents);
    cache.get([{ name: 'b', examples: ['two'] }]);
    expect(cache.size).toBe(2);
    expect(cache.get(intents)).toBe(first);
    expect(cache.get([{ name: 'a', examples: ['one'] }])).not.toBe(undefined);
  });
});
