// AI steps on the runtime's in-memory twins: the model call is an effect whose result comes back
// as an event, and a process that dies while the model is thinking leaves it for another to redo.
import { describe, expect, it } from 'vitest';
import { createAiEffects } from '../../server/src/adapters/ai/ai-effects';
import { createAiGateway } from '../../server/src/adapters/ai/ai-gateway';
import { createMemoryStores } from '../../server/src/adapters/memory/memory-stores';
import type { AiEffectPort } from '../../server/src/ports/ai';
import { newObjectId } from '../../server/src/runtime/object-id';
import { edge, node, startRuntime } from './runtime-harness';

const intentFlow = {
  nodes: [
    node('s', 'start'),
    node('ai', 'ai_intent', {
      intents: [
        { name: 'book', examples: ['I want to book an appointment', 'can I come tomorrow?', 'book me in'] },
        { name: 'cancel', examples: ['cancel my appointment', 'I cannot come, cancel it'] },
      ],
    }),
    node('book', 'send_message', { text: 'Booking for {{state.understood.entities.dates.0.start}}' }),
    node('cancel', 'send_message', { text: 'Cancelling' }),
    node('other', 'send_message', { text: 'Sorry?' }),
  ],
  edges: [edge('s', 'ai'), edge('ai', 'book', 'book'), edge('ai', 'cancel', 'cancel'), edge('ai', 'other', 'unknown')],
};

const localEffects = (calls: { n: number } = { n: 0 }): AiEffectPort => {
  const inner = createAiEffects({ gateway: createAiGateway({ env: {}, botSettings: async () => null }), transcript: async () => [] });
  return { run: (request, context) => ((calls.n += 1), inner.run(request, context)) };
};

describe('AI steps in the runtime', () => {
  it('understands a message with the local model and goes the intent way, with the date in the bot zone', async () => {
    const rt = startRuntime({ ai: localEffects() });
    rt.publish(intentFlow);
    await rt.say('+1700', 'can I come tomorrow at 3pm?');
    expect(rt.textsTo('+1700')).toEqual(['Booking for 2030-01-02T15:00:00.000Z']);
  });

  it('without an AI port the step goes the "unknown" way', async () => {
    const rt = startRuntime();
    rt.publish(intentFlow);
    await rt.say('+1701', 'cancel my appointment');
    expect(rt.textsTo('+1701')).toEqual(['Sorry?']);
  });

  it('a process that died while the model was answering: recovery asks again and the reply goes once', async () => {
    const stores = createMemoryStores();
    const botId = newObjectId();
    const thinking = { n: 0 };
    const p1 = startRuntime({ stores, botId, ai: { run: () => ((thinking.n += 1), new Promise(() => {})) } });
    const calls = { n: 0 };
    const p2 = startRuntime({ stores, botId, ai: localEffects(calls) });
    p2.publish(intentFlow);
    const m1 = await p1.runner.receive({ botId, channel: 'sms', address: '+1702', text: 'please cancel my appointment', flowSource: 'published' });
    void p1.runner.processUntil(m1.contactId, m1.messageId);
    await expect.poll(() => thinking.n).toBe(1);
    const live = (await stores.conversations.findLive(m1.contactId))!;
    expect(live.pendingEffects.map((e) => e.type)).toEqual(['ai_request']);
    p2.advanceClock(120_000);
    expect(await p2.runner.recoverPendingEffects(60_000)).toBe(1);
    expect(calls.n).toBe(1);
    expect(p2.textsTo('+1702')).toEqual(['Cancelling']);
    // nothing is left to redo: a second recovery changes nothing
    expect(await p2.runner.recoverPendingEffects(60_000)).toBe(0);
    expect(calls.n).toBe(1);
    expect(p1.textsTo('+1702')).toEqual([]);
  });
});
