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

export class LocalAi implements AiPort {
  private readonly intentModels = new IntentModelCache();
  private readonly knowledgeIndexes = new KnowledgeIndexCache();

  async classifyIntent(request: ClassifyIntentRequest): Promise<ClassifyIntentResult> {
    const entities = extractEntities(request.text, { timezone: request.timezone, now: request.now, country: request.country });
    const intents = request.intents.filter((intent) => intent.examples.some((example) => example.trim() !== ''));
    if (intents.length === 0) return { intent: null, confidence: 0, ranking: [], entities };
    const { ranking } = scoreIntents(this.intentModels.get(intents), request.text);
    const best = ranking[0]!;
    return { intent: best.score >= request.threshold ? best.name : null, confidence: best.score, ranking, entities };
  }

  async reply(request: ReplyRequest): Promise<ReplyResult> {
    const fallback = { text: request.fallback?.trim() || DEFAULT_FALLBACK_REPLY, source: 'fallback' as const };
    if (!request.knowledge?.trim()) return fallback;
    const found = this.knowledgeIndexes.get(request.knowledge).answer(request.message);
    return found ? { text: found.passage.answer, source: 'knowledge' } : fallback;
  }
}
