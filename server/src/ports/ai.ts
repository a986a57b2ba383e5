/**
 * The AI port: what the `ai_intent` and `ai_reply` nodes need from a language model, whichever
 * answers (the local model with no key, OpenAI with one). Time and the contact's zone come in
 * with each call, so results replay the same for the same input.
 */

import type { AiRequestSpec, EffectResult } from '../engine/types';

export interface IntentDefinition {
  /** The name a flow branches on, e.g. `book`. */
  name: string;
  /** The builder's example sentences for this intent (a handful is enough). */
  examples: string[];
}

export interface ClassifyIntentRequest {
  text: string;
  intents: IntentDefinition[];
  /** 0..1: a best intent whose confidence is below this is reported as `intent: null` (unknown). */
  threshold: number;
  /** IANA zone of the contact, for resolving "tomorrow at 3". */
  timezone: string;
  /** The instant "now" means (injected, never read from the clock). */
  now: Date;
  /** ISO 3166 country of the contact (e.g. `US`), to read phone numbers written without +code. */
  country?: string;
  /** A remote model gives up after this long, retries included. */
  timeoutMs?: number;
}

export type DateGrain = 'minute' | 'hour' | 'part_of_day' | 'day' | 'week' | 'month' | 'year';

export interface DateEntity {
  /** The words the date was read from. */
  text: string;
  /** ISO 8601 with the contact's offset, e.g. `2026-03-07T15:00:00.000-05:00`. */
  start: string;
  /** Present when the text gives a range ("between 2 and 4pm") or a part of the day. */
  end?: string;
  /** How precise the text was: "tomorrow" is a day, "tomorrow at 3" a minute. */
  grain: DateGrain;
}

export interface NumberEntity {
  text: string;
  value: number;
}

export interface EmailEntity {
  text: string;
  /** Lower-cased address. */
  value: string;
}

export interface PhoneEntity {
  text: string;
  /** E.164, e.g. `+14155550100`. */
  value: string;
}

export interface Entities {
  dates: DateEntity[];
  numbers: NumberEntity[];
  emails: EmailEntity[];
  phones: PhoneEntity[];
}

export interface IntentScore {
  name: string;
  /** 0..1, comparable with the threshold. */
  score: number;
}

export interface ClassifyIntentResult {
  /** The best intent, or null when its confidence is under the threshold ("unknown"). */
  intent: string | null;
  /** Confidence of the best intent, 0..1, even when it was under the threshold. */
  confidence: number;
  /** Every intent, best first. */
  ranking: IntentScore[];
  entities: Entities;
  /** What the call cost, when the model counts tokens. */
  tokens?: AiTokens;
}

export interface ChatTurn {
  role: 'contact' | 'bot';
  text: string;
}

export interface ReplyRequest {
  /** What the builder told the bot to do ("You answer for Sunrise Clinic…"). */
  instructions: string;
  /** Facts the bot may quote: paragraphs or `Q:`/`A:` pairs. */
  knowledge?: string;
  /** Earlier turns, oldest first. */
  history: ChatTurn[];
  /** The contact's message to answer. */
  message: string;
  /** What to say when nothing fits; a default is used when absent. */
  fallback?: string;
  /** A remote model gives up after this long, retries included. */
  timeoutMs?: number;
}

export type ReplySource = 'knowledge' | 'model' | 'fallback';

export interface ReplyResult {
  text: string;
  /** `knowledge`: quoted from the knowledge; `model`: written by a model; `fallback`: nothing fitted. */
  source: ReplySource;
  tokens?: { prompt: number; completion: number };
}

export interface AiPort {
  classifyIntent(request: ClassifyIntentRequest): Promise<ClassifyIntentResult>;
  reply(request: ReplyRequest): Promise<ReplyResult>;
}

/** A node's threshold when the builder sets none (see the README's AI section for what it buys). */
export const DEFAULT_INTENT_THRESHOLD = 0.4;

export const DEFAULT_FALLBACK_REPLY = "I'm not sure — let me get someone to help.";

/** Where an `ai_request` effect runs: whose bot, which conversation, the contact's zone. */
export interface AiEffectContext {
  botId: string;
  conversationId: string;
  contactId: string;
  /** The contact's IANA zone, else the bot's. */
  timezone: string;
  /** ISO 3166 country of the contact, when known (phone numbers without +code). */
  country?: string;
}

/**
 * Carries out an `ai_request` effect (see engine/types.ts AiRequestSpec) with the model the bot
 * uses, within the request's time limit. Never throws: a failure is `{ok: false, error}`, which
 * the node turns into its failure way.
 */
export interface AiEffectPort {
  run(request: AiRequestSpec, context: AiEffectContext): Promise<EffectResult>;
}

/** Which model answers for a bot, and how many tokens it may spend. */
export interface AiModelInfo {
  provider: 'local' | 'openai';
  model: string;
}

/** An AiPort that also says what it is, so its usage can be recorded. */
export interface NamedAiPort extends AiPort {
  readonly info: AiModelInfo;
}

/** Token counts an adapter reports for its last call (the local model spends none). */
export interface AiTokens {
  prompt: number;
  completion: number;
}
