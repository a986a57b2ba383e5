// A bot answering registered numbers only, on the in-memory twins: an unregistered number gets
// one polite refusal however often it writes, never a flow; STOP still works; a registered
// contact is answered as usual.
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTERED_ONLY_TEXT } from '../../server/src/runtime/registration-gate';
import { edge, node, startRuntime } from './runtime-harness';

const hello = { nodes: [node('s', 'start'), node('hi', 'send_message', { text: 'Hello from the flow' }), node('e', 'end')], edges: [edge('s', 'hi'), edge('hi', 'e')] };

function registeredOnlyRuntime(text?: string) {
  const rt = startRuntime();
  rt.stores.catalog.addBot({ id: rt.botId, whatsappConnected: false, timezone: 'UTC', registeredOnly: true, registeredOnlyText: text });
  rt.publish(hello);
  return rt;
}

describe('registered numbers only', () => {
  it('refuses an unregistered number once, politely, and runs no flow for it', async () => {
    const rt = registeredOnlyRuntime();
    const first = await rt.say('+15550001', 'hi');
    await rt.say('+15550001', 'hello?');
    await rt.say('+15550001', 'anyone?');
    expect(rt.textsTo('+15550001')).toEqual([DEFAULT_REGISTERED_ONLY_TEXT]);
    expect(await rt.stores.conversations.latestOf(first.contactId)).toBeNull();
    expect((await rt.stores.contacts.get(first.contactId))?.processedSeq).toBe(3);
  });

  it("uses the bot's own words, and STOP still opts the number out", async () => {
    const rt = registeredOnlyRuntime('Members only, sorry.');
    await rt.say('+15550002', 'hi');
    await rt.say('+15550002', 'STOP');
    expect(rt.textsTo('+15550002')[0]).toBe('Members only, sorry.');
    expect(rt.textsTo('+15550002')[1]).toMatch(/unsubscribed/);
  });

  it('answers a registered contact with the flow', async () => {
    const rt = registeredOnlyRuntime();
    const first = await rt.say('+15550003', 'hi');
    rt.stores.contacts.register(first.contactId);
    await rt.say('+15550003', 'hi again');
    expect(rt.textsTo('+15550003')).toEqual([DEFAULT_REGISTERED_ONLY_TEXT, 'Hello from the flow']);
  });

  it('lets everyone in when the setting is off', async () => {
    const rt = startRuntime();
    rt.publish(hello);
    await rt.say('+15550004', 'hi');
    expect(rt.textsTo('+15550004')).toEqual(['Hello from the flow']);
  });
});
