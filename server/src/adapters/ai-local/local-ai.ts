// The AI port with no key and no network: the intent classifier trained on the builder's
// examples, entity extraction, and answers quoted from the knowledge. It never writes a
// sentence of its own, so it cannot invent a price or a booking.
import {
  DEFAULT_FALLBACK_REPLY,
  type AiPort,
  type ClassifyIntentRequest,
  type ClassifyIntentResult,
  type ReplyRequest,
  type ReplyResult,
} from '../../ports/ai';
import { extractEntities } from './entities';
import { IntentModelCache, scoreIntents } from './intent-classifier';
import { KnowledgeIndexCache } from './knowledge-answerer';

/**
 * Only the start of a very long message is read: a WhatsApp message holds 4,096 characters, and
 * reading 30,000 takes the date parser seconds on this hardware.
 */
const MAX_ANALYSED_CHARS = 4096;

export class LocalAi implements AiPort {
  private readonly intentModels = new IntentModelCache();
  private readonly knowledgeIndexes = new KnowledgeIndexCache();

  async classifyIntent(request: ClassifyIntentRequest): Promise<ClassifyIntentResult> {
    const text = request.text.slice(0, MAX_ANALYSED_CHARS);
    const entities = extractEntities(text, { timezone: request.timezone, now: request.now, country: request.country });
    // An intent without examples cannot be recognised; it still appears in the ranking, at 0.
    const trainable = request.intents.filter((intent) => intent.examples.some((example) => example.trim() !== ''));
    const untrained = request.intents.filter((intent) => !trainable.includes(intent)).map((intent) => ({ name: intent.name, score: 0 }));
    if (trainable.length === 0) return { intent: null, confidence: 0, ranking: untrained, entities };
    const ranking = [...scoreIntents(this.intentModels.get(trainable), text).ranking, ...untrained];
    const best = ranking[0]!;
    return { intent: best.score >= request.threshold ? best.name : null, confidence: best.score, ranking, entities };
  }

  async reply(request: ReplyRequest): Promise<ReplyResult> {
    const fallback = { text: request.fallback?.trim() || DEFAULT_FALLBACK_REPLY, source: 'fallback' as const };
    if (!request.knowledge?.trim()) return fallback;
    const found = this.knowledgeIndexes.get(request.knowledge).answer(request.message.slice(0, MAX_ANALYSED_CHARS));
    return found ? { text: found.passage.answer, source: 'knowledge' } : fallback;
  }
}
