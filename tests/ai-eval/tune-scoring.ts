// Chooses the classifier's scoring constants on the salon development set (never the clinic
// test set): the lowest Brier score of "the best intent is right" against its confidence, so
// that a confidence of 0.7 is right about 70% of the time. Run: npx tsx tests/ai-eval/tune-scoring.ts
import { readFileSync } from 'node:fs';
import { scoreIntents, trainIntentModel, type ScoringSettings } from '../../server/src/adapters/ai-local/intent-classifier';

interface IntentSet {
  examples: Record<string, string[]>;
  tests: { text: string; intent: string }[];
}

const set = JSON.parse(readFileSync(new URL('./salon-dev.json', import.meta.url), 'utf8')) as IntentSet;
const model = trainIntentModel(Object.entries(set.examples).map(([name, examples]) => ({ name, examples })));

function measure(settings: ScoringSettings): { brier: number; accuracy: number } {
  let brier = 0;
  let right = 0;
  for (const test of set.tests) {
    const best = scoreIntents(model, test.text, settings).ranking[0]!;
    const correct = best.name === test.intent ? 1 : 0;
    brier += (best.score - correct) ** 2;
    right += correct;
  }
  return { brier: brier / set.tests.length, accuracy: right / set.tests.length };
}

const results: { settings: ScoringSettings; brier: number; accuracy: number }[] = [];
for (const nearestWeight of [0, 0.25, 0.5]) {
  for (const unknownSimilarity of [0.04, 0.08, 0.12, 0.16, 0.2, 0.25]) {
    for (const temperature of [0.02, 0.03, 0.04, 0.06, 0.08, 0.1]) {
      const settings = { nearestWeight, unknownSimilarity, temperature };
      results.push({ settings, ...measure(settings) });
    }
  }
}
results.sort((a, b) => a.brier - b.brier);
for (const { settings, brier, accuracy } of results.slice(0, 8)) {
  console.log(`${JSON.stringify(settings)}  brier ${brier.toFixed(4)}  argmax accuracy ${(100 * accuracy).toFixed(1)}%`);
}
