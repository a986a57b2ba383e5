// Outbound HTTP for webhook nodes (the adapter refuses private addresses and follows redirects safely).
import type { Effect } from '../engine/types';

export type WebhookRequest = Extract<Effect, { type: 'http_request' }>['request'];

export interface HttpPort {
  request(req: WebhookRequest): Promise<{ status: number; body: unknown }>;
}
