// A small intent classifier trained at call time on the builder's examples: TF-IDF vectors of
// lemmas, lemma bigrams and character n-grams, compared by cosine with each example (nearest
// neighbour) and with each intent's centroid. A word English does not know that is within one or
// two typos of a word of the examples is read as that word first ("cancle" -> "cancel").
import type { IntentDefinition, IntentScore } from '../../ports/ai';
import { featuresOf, tokenize, type FeatureBag } from './text-features';
import { closestWord } from './spelling';
import { maskDates } from './date-entities';

type Vector = Map<string, number>;

export interface IntentModel {
  names: string[];
  /** The words of the examples as written: what a misspelt word may be corrected to. */
  vocabulary: Set<string>;
  idf: Map<string, number>;
  unseenIdf: number;
  examples: { intent: number; vector: Vector }[];
  centroids: Vector[];
}

export interface ScoringSettings {
  /** How much the nearest example counts against the intent's centroid (0: centroid only). */
  nearestWeight: number;
  /**
   * Confidence is a softmax over the intents' similarities plus an "unknown" option of this
   * fixed similarity: a message that resembles nothing gets a low confidence even when one
   * intent is slightly ahead.
   */
  unknownSimilarity: number;
  /** How fast confidence grows with the lead over the others. */
  temperature: number;
}

/**
 * Chosen on the salon development set (tests/ai-eval/tune-scoring.ts) for the lowest Brier
 * score of the confidence, never on the clinic test sentences.
 */
export const DEFAULT_SCORING: ScoringSettings = { nearestWeight: 0, unknownSimilarity: 0.04, temperature: 0.03 };

function norm(vector: Vector): number {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  return Math.sqrt(sum);
}

function normalise(vector: Vector): Vector {
  const length = norm(vector);
  if (length === 0) return vector;
  for (const [key, value] of vector) vector.set(key, value / length);
  return vector;
}

function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [key, value] of small) sum += value * (large.get(key) ?? 0);
  return sum;
}

function weigh(bag: FeatureBag, model: Pick<IntentModel, 'idf' | 'unseenIdf'>): Vector {
  const vector: Vector = new Map();
  for (const [key, tf] of bag) vector.set(key, tf * (model.idf.get(key) ?? model.unseenIdf));
  return normalise(vector);
}

export function trainIntentModel(intents: IntentDefinition[]): IntentModel {
  const names = intents.map((intent) => intent.name);
  const vocabulary = new Set<string>();
  const bags: { intent: number; bag: FeatureBag }[] = [];
  intents.forEach((intent, index) => {
    for (const example of intent.examples) {
      const { lemmas, words } = tokenize(maskDates(example));
      words.forEach((word) => vocabulary.add(word));
      bags.push({ intent: index, bag: featuresOf(lemmas) });
    }
  });
  const documentFrequency = new Map<string, number>();
  for (const { bag } of bags) for (const key of bag.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  const count = bags.length;
  const idf = new Map<string, number>();
  for (const [key, df] of documentFrequency) idf.set(key, Math.log((count + 1) / (df + 1)) + 1);
  const unseenIdf = Math.log(count + 1) + 1;
  const partial = { idf, unseenIdf };
  const examples = bags.map(({ intent, bag }) => ({ intent, vector: weigh(bag, partial) }));
  const centroids = names.map((_, index) => {
    const sum: Vector = new Map();
    for (const example of examples) {
      if (example.intent !== index) continue;
      for (const [key, value] of example.vector) sum.set(key, (sum.get(key) ?? 0) + value);
    }
    return normalise(sum);
  });
  return { names, vocabulary, idf, unseenIdf, examples, centroids };
}

export interface IntentScoring {
  /** Every intent with its confidence, best first. */
  ranking: IntentScore[];
  /** Cosine similarity of the best intent (0..1), before calibration; for diagnostics. */
  similarity: number;
}

export function scoreIntents(model: IntentModel, text: string, settings: ScoringSettings = DEFAULT_SCORING): IntentScoring {
  const { lemmas } = tokenize(maskDates(text), (word) =>
    model.vocabulary.has(word) ? word : (closestWord(word, model.vocabulary) ?? word),
  );
  const vector = weigh(featuresOf(lemmas), model);
  const nearest = model.names.map(() => 0);
  for (const example of model.examples) {
    nearest[example.intent] = Math.max(nearest[example.intent] ?? 0, dot(vector, example.vector));
  }
  const similarities = model.names.map(
    (_, index) =>
      settings.nearestWeight * (nearest[index] ?? 0) + (1 - settings.nearestWeight) * dot(vector, model.centroids[index] ?? new Map()),
  );
  const exponentials = similarities.map((similarity) => Math.exp(similarity / settings.temperature));
  const total = exponentials.reduce((sum, value) => sum + value, Math.exp(settings.unknownSimilarity / settings.temperature));
  const ranking = model.names
    .map((name, index) => ({ name, score: (exponentials[index] ?? 0) / total, similarity: similarities[index] ?? 0 }))
    .sort((a, b) => b.score - a.score);
  return {
    ranking: ranking.map(({ name, score }) => ({ name, score: Math.round(score * 1000) / 1000 })),
    similarity: ranking[0]?.similarity ?? 0,
  };
}

/** Models keyed by their example set, so a flow's node trains once, not on every message. */
export class IntentModelCache {
  private readonly models = new Map<string, IntentModel>();

  constructor(private readonly capacity = 64) {}

  get(intents: IntentDefinition[]): IntentModel {
    const key = JSON.stringify(intents.map((intent) => [intent.name, intent.examples]));
    const cached = this.models.get(key);
    if (cached) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.models.delete(key);
      this.models.set(key, cached);
      return cached;
    }
    const trained = trainIntentModel(intents);
    this.models.set(key, trained);
    if (this.models.size > this.capacity) {
      const oldest = this.models.keys().next().value;
      if (oldest !== undefined) this.models.delete(oldest);
    }
    return trained;
  }

  get size(): number {
    return this.models.size;
  }
}
