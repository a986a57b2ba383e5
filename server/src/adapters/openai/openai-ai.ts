// The AI port on OpenAI or any server speaking its chat-completions API (OpenRouter, Ollama, vLLM),
// through the official SDK. Intents and entities come back as structured output (a JSON Schema
// the answer must match, checked again with ajv); replies as plain chat completions, checked by
// the reply guard. The SDK retries rate limits (429), server errors and dropped connections with
// backoff; one deadline bounds the whole call, retries included.
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DateTime } from 'luxon';
import {
  DEFAULT_FALLBACK_REPLY,
  type AiModelInfo,
  type ClassifyIntentRequest,
  type ClassifyIntentResult,
  type NamedAiPort,
  type ReplyRequest,
  type ReplyResult,
} from '../../ports/ai';
import { completeRanking, intentAnswerSchema, MalformedAnswerError, normaliseEntities, parseIntentAnswer } from './intent-schema';
import { guardReply } from './reply-guard';
import { classifySystemPrompt, NO_ANSWER, replySystemPrompt } from './prompts';

export interface OpenAiSettings {
  apiKey: string;
  /** OPENAI_BASE_URL; the SDK's default (OpenAI) when unset. */
  baseURL?: string;
  model: string;
  /** Retries of transient errors (429, 5xx, connection) within the deadline. */
  maxRetries?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_MESSAGE_CHARS = 4096;

/** A failed call in words the journal and the studio can show ("the provider answered 500"). */
export class AiCallError extends Error {
  override name = 'AiCallError';
}

export class OpenAiModel implements NamedAiPort {
  readonly info: AiModelInfo;
  private readonly client: OpenAI;

  constructor(private readonly settings: OpenAiSettings) {
    this.info = { provider: 'openai', model: settings.model };
    this.client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: settings.maxRetries ?? 2, timeout: DEFAULT_TIMEOUT_MS });
  }

  async classifyIntent(request: ClassifyIntentRequest): Promise<ClassifyIntentResult> {
    const names = request.intents.map((intent) => intent.name);
    const localNow = DateTime.fromJSDate(request.now, { zone: request.timezone });
    const completion = await this.complete(
      {
        messages: [
          { role: 'system', content: classifySystemPrompt(request.intents, localNow) },
          { role: 'user', content: request.text.slice(0, MAX_MESSAGE_CHARS) },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'intent_and_entities', strict: true, schema: intentAnswerSchema(names) } },
        temperature: 0,
      },
      request.timeoutMs,
    );
    const answer = parseIntentAnswer(contentOf(completion), names);
    const ranking = completeRanking(answer, names);
    const best = ranking[0] ?? { name: '', score: 0 };
    return {
      intent: best.name && best.score >= request.threshold ? best.name : null,
      confidence: best.score,
      ranking,
      entities: normaliseEntities(answer.entities, request),
      tokens: tokensOf(completion),
    };
  }

  async reply(request: ReplyRequest): Promise<ReplyResult> {
    const fallback = request.fallback?.trim() || DEFAULT_FALLBACK_REPLY;
    const history: ChatCompletionMessageParam[] = request.history.map((turn) => ({ role: turn.role === 'contact' ? 'user' : 'assistant', content: turn.text.slice(0, MAX_MESSAGE_CHARS) }));
    const completion = await this.complete(
      {
        messages: [
          { role: 'system', content: replySystemPrompt(request.instructions, request.knowledge) },
          ...history,
          { role: 'user', content: request.message.slice(0, MAX_MESSAGE_CHARS) },
        ],
        temperature: 0.2,
      },
      request.timeoutMs,
    );
    const tokens = tokensOf(completion);
    const text = (contentOf(completion) ?? '').trim();
    if (!text || text.toUpperCase().includes(NO_ANSWER)) return { text: fallback, source: 'fallback', tokens };
    // a reply that invents a price or claims a booking is never sent
    if (guardReply(text, request.knowledge)) return { text: fallback, source: 'fallback', tokens };
    return { text, source: 'model', tokens };
  }

  private async complete(body: Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'model'>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ChatCompletion> {
    let completion: ChatCompletion;
    try {
      completion = await this.client.chat.completions.create({ ...body, model: this.settings.model }, { timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw describeFailure(err, timeoutMs);
    }
    const choice = completion.choices?.[0];
    if (!choice) throw new AiCallError('the model answered with no choice');
    if (choice.message?.refusal) throw new AiCallError(`the model refused: ${choice.message.refusal}`);
    if (choice.finish_reason === 'content_filter') throw new AiCallError('the model refused: its content filter stopped the answer');
    return completion;
  }
}

function contentOf(completion: ChatCompletion): string | null {
  return completion.choices[0]?.message?.content ?? null;
}

function tokensOf(completion: ChatCompletion): { prompt: number; completion: number } | undefined {
  const usage = completion.usage;
  return usage ? { prompt: usage.prompt_tokens ?? 0, completion: usage.completion_tokens ?? 0 } : undefined;
}

function describeFailure(err: unknown, timeoutMs: number): Error {
  if (err instanceof APIConnectionTimeoutError || err instanceof APIUserAbortError || (err instanceof Error && err.name === 'TimeoutError')) {
    return new AiCallError(`timed out after ${timeoutMs} ms`);
  }
  if (err instanceof APIError && typeof err.status === 'number') return new AiCallError(`the provider answered ${err.status}: ${firstLine(err.message)}`);
  if (err instanceof MalformedAnswerError) return err;
  return new AiCallError(`the provider could not be reached: ${err instanceof Error ? firstLine(err.message) : String(err)}`);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}
