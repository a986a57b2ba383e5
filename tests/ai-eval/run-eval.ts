// `npm run eval:ai`: measures the local model (no key) on the clinic sets. Intents: trained on the
// five builder examples per intent only, tested on the held-out messages; a message below the
// threshold counts as "other" (what a flow does with "unknown"). Dates: exact start instant.
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { LocalAi } from '../../server/src/adapters/ai-local/local-ai';
import { DEFAULT_INTENT_THRESHOLD } from '../../server/src/ports/ai';

interface IntentSet {
  examples: Record<string, string[]>;
  tests: { text: string; intent: string }[];
}
interface DateSet {
  references: Record<string, { zone: string; now: string }>;
  cases: { ref: string; text: string; start: string; written?: string }[];
}

const UNKNOWN_LABEL = 'other';
const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;
const percent = (hits: number, total: number) => `${((100 * hits) / Math.max(total, 1)).toFixed(1)}%`;

async function evaluateIntents(ai: LocalAi, set: IntentSet, verbose: boolean): Promise<void> {
  const intents = Object.entries(set.examples).map(([name, examples]) => ({ name, examples }));
  const examples = new Set(intents.flatMap((intent) => intent.examples.map((example) => example.toLowerCase())));
  const leaked = set.tests.filter((test) => examples.has(test.text.toLowerCase()));
  if (leaked.length > 0) throw new Error(`test sentences also used as examples: ${leaked.map((test) => test.text).join(' | ')}`);

  const predictions: { expected: string; best: string; confidence: number; text: string }[] = [];
  const coldStart = performance.now();
  await ai.classifyIntent({ text: 'warm up', intents, threshold: 0, timezone: 'UTC', now: new Date() });
  const coldMs = performance.now() - coldStart;
  const started = performance.now();
  for (const test of set.tests) {
    const result = await ai.classifyIntent({
      text: test.text,
      intents,
      threshold: 0,
      timezone: 'UTC',
      now: new Date('2026-03-06T15:30:00Z'),
    });
    predictions.push({ expected: test.intent, best: result.intent ?? UNKNOWN_LABEL, confidence: result.confidence, text: test.text });
  }
  const perMessageMs = (performance.now() - started) / set.tests.length;
  const labelAt = (prediction: (typeof predictions)[number], threshold: number) =>
    prediction.confidence >= threshold ? prediction.best : UNKNOWN_LABEL;
  const threshold = DEFAULT_INTENT_THRESHOLD;
  const hits = predictions.filter((prediction) => labelAt(prediction, threshold) === prediction.expected).length;

  console.log(
    `\nIntents: ${intents.length} intents x ${intents[0]?.examples.length} builder examples; ${predictions.length} held-out messages`,
  );
  console.log(`Time: first call ${coldMs.toFixed(0)} ms (loads the English model, trains), then ${perMessageMs.toFixed(1)} ms a message`);
  console.log(`Accuracy at the default threshold ${threshold}: ${percent(hits, predictions.length)} (${hits}/${predictions.length})`);
  console.log('\nPer intent (recall | precision):');
  for (const { name } of intents) {
    const expected = predictions.filter((prediction) => prediction.expected === name);
    const predicted = predictions.filter((prediction) => labelAt(prediction, threshold) === name);
    const right = expected.filter((prediction) => labelAt(prediction, threshold) === name).length;
    console.log(
      `  ${name.padEnd(16)} ${percent(right, expected.length).padStart(6)} (${right}/${expected.length}) | ${percent(right, predicted.length).padStart(6)}`,
    );
  }

  const confusions = new Map<string, string[]>();
  for (const prediction of predictions) {
    const got = labelAt(prediction, threshold);
    if (got === prediction.expected) continue;
    const key = `${prediction.expected} -> ${got}`;
    confusions.set(key, [...(confusions.get(key) ?? []), prediction.text]);
  }
  console.log('\nConfusions (expected -> predicted):');
  for (const [key, texts] of [...confusions].sort((a, b) => b[1].length - a[1].length)) {
    console.log(
      `  ${String(texts.length).padStart(2)}  ${key}${verbose ? `: ${texts.map((text) => JSON.stringify(text)).join(', ')}` : ''}`,
    );
  }

  console.log('\nAccuracy by threshold (below it -> unknown, counted as "other"):');
  for (const value of [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]) {
    const right = predictions.filter((prediction) => labelAt(prediction, value) === prediction.expected).length;
    console.log(`  ${value.toFixed(1)}  ${percent(right, predictions.length)}`);
  }
  console.log('\nCalibration (best intent right, by its confidence):');
  for (const [low, high] of [
    [0, 0.2],
    [0.2, 0.4],
    [0.4, 0.6],
    [0.6, 0.8],
    [0.8, 1.01],
  ] as const) {
    const bin = predictions.filter((prediction) => prediction.confidence >= low && prediction.confidence < high);
    const right = bin.filter((prediction) => prediction.best === prediction.expected).length;
    console.log(
      `  ${low.toFixed(1)}-${Math.min(high, 1).toFixed(1)}  ${String(bin.length).padStart(3)} messages, ${percent(right, bin.length)} right`,
    );
  }
}

async function evaluateDates(ai: LocalAi, set: DateSet, verbose: boolean): Promise<void> {
  let hits = 0;
  let laterHits = 0;
  const later = set.cases.filter((test) => test.written === 'after-tuning').length;
  const misses: string[] = [];
  for (const test of set.cases) {
    const reference = set.references[test.ref]!;
    const result = await ai.classifyIntent({
      text: test.text,
      intents: [],
      threshold: 0,
      timezone: reference.zone,
      now: new Date(reference.now),
    });
    const found = result.entities.dates[0]?.start;
    if (found && DateTime.fromISO(found).toMillis() === DateTime.fromISO(test.start).toMillis()) {
      hits++;
      if (test.written === 'after-tuning') laterHits++;
    } else misses.push(`${JSON.stringify(test.text)} (${reference.zone}): expected ${test.start}, got ${found ?? 'nothing'}`);
  }
  console.log(`\nDates: exact start ${percent(hits, set.cases.length)} (${hits}/${set.cases.length})`);
  console.log(`  of which written after the date code was last changed: ${percent(laterHits, later)} (${laterHits}/${later})`);
  if (verbose) for (const miss of misses) console.log(`  miss ${miss}`);
}

const verbose = process.argv.includes('--verbose');
const ai = new LocalAi();
await evaluateIntents(ai, load<IntentSet>('./clinic-intents.json'), verbose);
await evaluateDates(ai, load<DateSet>('./clinic-dates.json'), verbose);
