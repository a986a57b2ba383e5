// The benchmarked flow: start -> send_message -> condition -> set_variable -> webhook_action ->
// send_message -> end (five working nodes), plus the branches nothing should take.
import { ticketFor } from './webhook-server';

const node = (id: string, type: string, data: Record<string, unknown> = {}, y = 0) => ({ id, type, position: { x: 0, y }, data });
const edge = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}-${sourceHandle ?? 'out'}-${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

export const INBOUND_TEXT = 'order 42';

export function benchFlow(webhookPort: number) {
  return {
    nodes: [
      node('start', 'start', {}, 0),
      node('greet', 'send_message', { text: 'Hello! You said: {{message.text}}' }, 100),
      node('check', 'condition', { variable: 'message.text', operator: 'contains', value: 'order' }, 200),
      node('remember', 'set_variable', { name: 'state.order_ref', value: '{{contact.address}}/{{message.text}}' }, 300),
      node(
        'crm',
        'webhook_action',
        {
          url: `http://127.0.0.1:${webhookPort}/tickets/{{contact.address}}`,
          method: 'POST',
          headers: { 'X-Bench': 'botloom' },
          body: { ref: '{{state.order_ref}}', contact: '{{contact.address}}' },
          store_response_in: 'state.crm',
          timeout_ms: 10_000,
        },
        400,
      ),
      node('confirm', 'send_message', { text: 'Ticket {{state.crm.ticket}} opened for {{state.order_ref}}' }, 500),
      node('done', 'end', {}, 600),
      node('not-order', 'send_message', { text: 'UNEXPECTED: condition was false' }, 700),
      node('crm-failed', 'send_message', { text: 'UNEXPECTED: webhook failed ({{state.crm.error}})' }, 800),
    ],
    edges: [
      edge('start', 'greet'),
      edge('greet', 'check'),
      edge('check', 'remember', 'true'),
      edge('check', 'not-order', 'false'),
      edge('remember', 'crm'),
      edge('crm', 'confirm', 'success'),
      edge('crm', 'crm-failed', 'failure'),
      edge('confirm', 'done'),
      edge('not-order', 'done'),
      edge('crm-failed', 'done'),
    ],
  };
}

/** The two replies a contact must get, in order. */
export function expectedReplies(contact: string): string[] {
  return [`Hello! You said: ${INBOUND_TEXT}`, `Ticket ${ticketFor(contact)} opened for ${contact}/${INBOUND_TEXT}`];
}
