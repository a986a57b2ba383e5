// The scale-out test's flow and script: each inbound message gets one reply that names it, so a
// reply missing, doubled or out of order shows in the Twilio stand-in's record.

export interface ContactScript {
  index: number;
  address: string;
  /** How many messages this contact sends (2 or 3). */
  messages: number;
}

const node = (id: string, type: string, data: Record<string, unknown> = {}, y = 0) => ({ id, type, position: { x: 0, y }, data });
const edge = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}-${sourceHandle ?? 'out'}-${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

/** start -> reply 1 -> wait for a reply -> reply 2 -> wait for a reply -> reply 3 -> end. */
export function scaleOutFlow() {
  return {
    nodes: [
      node('start', 'start', {}, 0),
      node('r1', 'send_message', { text: '1 got {{message.text}}' }, 100),
      node('w2', 'wait', { mode: 'reply', save_as: 'state.second' }, 200),
      node('r2', 'send_message', { text: '2 got {{state.second}}' }, 300),
      node('w3', 'wait', { mode: 'reply', save_as: 'state.third' }, 400),
      node('r3', 'send_message', { text: '3 got {{state.third}}' }, 500),
      node('done', 'end', {}, 600),
    ],
    edges: [
      edge('start', 'r1'),
      edge('r1', 'w2'),
      edge('w2', 'r2', 'reply'),
      edge('r2', 'w3'),
      edge('w3', 'r3', 'reply'),
      edge('r3', 'done'),
    ],
  };
}

export const messagesOf = (script: ContactScript): string[] =>
  Array.from({ length: script.messages }, (_, k) => `c${script.index}-m${k + 1}`);

/** The replies the contact must get, in this order, each once. */
export const expectedReplies = (script: ContactScript): string[] => messagesOf(script).map((text, k) => `${k + 1} got ${text}`);

/** 'ok': every reply once, in order; 'pending': so far a correct beginning; 'wrong': anything else. */
export function verdict(script: ContactScript, got: string[]): 'ok' | 'pending' | 'wrong' {
  const expected = expectedReplies(script);
  if (got.length > expected.length || got.some((text, i) => text !== expected[i])) return 'wrong';
  return got.length === expected.length ? 'ok' : 'pending';
}
