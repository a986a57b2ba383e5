// The bot's language model and the AI steps' tries, as the API answers them (OpenAPI "AI" tag).
import type { AiSettingsRequest, AiTryIntentRequest, AiTryReplyRequest } from '@botloom/shared';
import { api } from './http';

export interface AiSettings {
  provider: 'local' | 'openai';
  model: string;
  keySource: 'bot' | 'environment' | 'none';
  apiKey: string | null;
  botModel: string;
  baseUrl: string | null;
}

export interface FoundDate {
  text: string;
  start: string;
  end?: string;
  grain: string;
}

export interface TriedIntent {
  intent: string;
  confidence: number;
  ranking: { name: string; score: number }[];
  entities: {
    dates: FoundDate[];
    numbers: { text: string; value: number }[];
    emails: { text: string; value: string }[];
    phones: { text: string; value: string }[];
  };
  timezone: string;
  provider: string;
  model: string;
}

export interface TriedReply {
  text: string;
  source: 'knowledge' | 'model' | 'fallback';
  provider: string;
  model: string;
}

export interface AiUsageReport {
  days: number;
  totals: { calls: number; promptTokens: number; completionTokens: number };
  byDay: { day: string; provider: string; model: string; calls: number; promptTokens: number; completionTokens: number }[];
  topConversations: { conversationId: string; calls: number; promptTokens: number; completionTokens: number }[];
}

export const aiApi = {
  settings: (botId: string) => api<AiSettings>('GET', `/bots/${botId}/ai`),
  save: (botId: string, input: AiSettingsRequest) => api<AiSettings>('PUT', `/bots/${botId}/ai`, input),
  remove: (botId: string) => api<void>('DELETE', `/bots/${botId}/ai`),
  tryIntent: (botId: string, input: AiTryIntentRequest) => api<TriedIntent>('POST', `/bots/${botId}/ai/try-intent`, input),
  tryReply: (botId: string, input: AiTryReplyRequest) => api<TriedReply>('POST', `/bots/${botId}/ai/try-reply`, input),
  usage: (botId: string, days = 30) => api<AiUsageReport>('GET', `/bots/${botId}/analytics/ai?days=${days}`),
};
