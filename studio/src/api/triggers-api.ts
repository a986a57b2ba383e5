// The bot's flows and triggers, as the API answers them (see the OpenAPI "Triggers" tag).
import type { CreateTriggerRequest } from '@botloom/shared';
import { api } from './http';

export interface FlowSummary {
  id: string;
  name: string;
  main: boolean;
}

export type TriggerInput = CreateTriggerRequest;

export type Trigger = TriggerInput & {
  id: string;
  botId: string;
  active: boolean;
  priority: number;
  nextRunAt?: string | null;
  upcoming?: string[];
  createdAt: string;
  updatedAt: string;
};

export interface KeywordVerdict {
  triggerId: string;
  name: string;
  matched: boolean;
  keyword?: string;
  reason: string;
}

export interface TriggerTestAnswer {
  matched: boolean;
  trigger?: KeywordVerdict | null;
  reason: string;
  verdicts: KeywordVerdict[];
}

export interface TriggerLogEntry {
  id: string;
  at: string;
  outcome: 'fired' | 'skipped' | 'failed';
  reason: string;
  contact?: string;
  conversationId?: string;
  cause?: string;
}

export interface TriggerDayCount {
  day: string;
  fired: number;
  skipped: number;
  failed: number;
}

const base = (botId: string) => `/bots/${encodeURIComponent(botId)}/triggers`;

export const flowsApi = {
  list: (botId: string) => api<FlowSummary[]>('GET', `/bots/${encodeURIComponent(botId)}/flows`),
};

export const triggersApi = {
  list: (botId: string) => api<Trigger[]>('GET', base(botId)),
  create: (botId: string, input: TriggerInput) => api<Trigger>('POST', base(botId), input),
  update: (botId: string, id: string, patch: Partial<TriggerInput>) => api<Trigger>('PATCH', `${base(botId)}/${id}`, patch),
  remove: (botId: string, id: string) => api<void>('DELETE', `${base(botId)}/${id}`),
  test: (botId: string, text: string) => api<TriggerTestAnswer>('POST', `${base(botId)}/test`, { text }),
  logs: (botId: string, id: string, limit = 50) => api<TriggerLogEntry[]>('GET', `${base(botId)}/${id}/logs?limit=${limit}`),
  stats: (botId: string, id: string, days = 30) => api<{ days: TriggerDayCount[]; total: Omit<TriggerDayCount, 'day'> }>('GET', `${base(botId)}/${id}/stats?days=${days}`),
};
