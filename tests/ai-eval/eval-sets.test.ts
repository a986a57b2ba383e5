// Keeps the evaluation sets honest (size, no test sentence among the examples) and the local
// model from sliding below the figures the README gives (npm run eval:ai prints the details).
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LocalAi } from '../../server/src/adapters/ai-local/local-ai';
import { DEFAULT_INTENT_THRESHOLD } from '../../server/src/ports/ai';

const load = (name: string) => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));
const intentSet = load('./clinic-intents.json') as { examples: Record<string, string[]>; tests: { text: string; intent: string }[] };
const dateSet = load('./clinic-dates.json') as {
  references: Record<string, { zone: string; now: string }>;
  cases: { ref: string; text: string; start: string }[];
};
const intents = Object.entries(intentSet.examples).map(([name, examples]) => ({ name, examples }));

describe('AI evaluation sets', () => {
  it('hold 150+ labelled messages over the clinic intents, five examples each, none reused as an example', () => {
    expect(intents.map((intent) => intent.name)).toEqual([
      'book',
      'reschedule',
      'cancel',
      'opening_hours',
      'prices',
      'talk_to_person',
      'other',
    ]);
    for (const intent of intents) expect(intent.examples).toHaveLength(5);
    expect(intentSet.tests.length).toBeGreaterThanOrEqual(150);
    const names = new Set(intents.map((intent) => intent.name));
    for (const test of intentSet.tests) expect(names.has(test.intent), test.text).toBe(true);
    const examples = new Set(intents.flatMap((intent) => intent.examples.map((example) => example.toLowerCase())));
    expect(intentSet.tests.filter((test) => examples.has(test.text.toLowerCase()))).toEqual([]);
    expect(dateSet.cases.length).toBeGreaterThanOrEqual(40);
  });

  it('the local model gets at least 85% of the intents right at the default threshold', async () => {
    const ai = new LocalAi();
    let right = 0;
    for (const test of intentSet.tests) {
      const result = await ai.classifyIntent({
        text: test.text,
        intents,
        threshold: DEFAULT_INTENT_THRESHOLD,
        timezone: 'UTC',
        now: new Date('2026-03-06T15:30:00Z'),
      });
      if ((result.intent ?? 'other') === test.intent) right++;
    }
    expect(right / intentSet.tests.length).toBeGreaterThanOrEqual(0.85);
  });

  it('the local model resolves at least 95% of the date sentences to the exact start', async () => {
    const ai = new LocalAi();
    let right = 0;
    for (const test of dateSet.cases) {
      const reference = dateSet.references[test.ref]!;
      const result = await ai.classifyIntent({
        text: test.text,
        intents: [],
        threshold: 0,
        timezone: reference.zone,
        now: new Date(reference.now),
      });
      const start = result.entities.dates[0]?.start;
      if (start && DateTime.fromISO(start).toMillis() === DateTime.fromISO(test.start).toMillis()) right++;
    }
    expect(right / dateSet.cases.length).toBeGreaterThanOrEqual(0.95);
  });
});
