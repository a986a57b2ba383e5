// Conversation timers on the in-memory twins: durable in the conversation, fired by each process's
// timer wheel, once, whatever restarts or how many processes share the store. The clock is the
// harness's own: advanceClock, then timers.fireDue() fires what is due by it.
import { describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../server/src/adapters/memory/memory-stores';
import type { ChannelMessage, ChannelPort } from '../../server/src/ports/channel';
import { edge, node, startRuntime } from './runtime-harness';

const waitThenSay = (seconds: number) => ({
  nodes: [node('s', 'start'), node('w', 'wait', { duration: seconds, unit: 'seconds' }), node('after', 'send_message', { text: 'Later' }), node('e', 'end')],
  edges: [edge('s', 'w'), edge('w', 'after'), edge('after', 'e')],
});

const askWithTimeout = {
  nodes: [
    node('s', 'start'),
    node('name', 'ask', { question: 'Your name?', save_as: 'name', timeout: { duration: 1, unit: 'minutes' } }),
    node('age', 'ask', { question: 'Your age?', save_as: 'age' }),
    node('late', 'send_message', { text: 'Too slow' }),
    node('e', 'end'),
  ],
  edges: [edge('s', 'name'), edge('name', 'age', 'answered'), edge('name', 'late', 'timeout'), edge('late', 'e')],
};

/** Two "processes" share a provider, a store and a clock. */
function sharedWorld() {
  const sent: ChannelMessage[] = [];
  const channel: ChannelPort = {
    async send(message) {
      sent.push(message);
      return { providerId: `P${sent.length}`, status: 'sent' };
    },
  };
  return { sent, channel, stores: createMemoryStores(), clock: { now: Date.UTC(2030, 0, 1, 9) }, botId: '650000000000000000000001' };
}

async function conversationOf(rt: ReturnType<typeof startRuntime>, messageId: string): Promise<string> {
  return (await rt.stores.inbox.get(messageId))!.conversationId!;
}

async function fireDue(...runtimes: Array<ReturnType<typeof startRuntime>>): Promise<void> {
  for (const rt of runtimes) rt.timers.fireDue();
  await Promise.all(runtimes.map((rt) => rt.timers.idle()));
}

describe('conversation timers', () => {
  it('are armed by the step that parks the conversation, with no other write, and fire once when due', async () => {
    const rt = startRuntime();
    rt.publish(waitThenSay(30));
    const receipt = await rt.say('+1600', 'hi');
    const id = await conversationOf(rt, receipt.messageId);
    const parked = (await rt.stores.conversations.get(id))!;
    expect(parked.timers).toEqual([{ token: expect.any(String), at: new Date(rt.now().getTime() + 30_000) }]);
    expect(parked.pendingEffects).toEqual([]); // nothing left to carry out: the write itself armed it
    expect(parked.rev).toBe(1); // created already parked: no second write
    expect(rt.timers.held()).toEqual([{ conversationId: id, token: parked.timers![0]!.token, at: parked.timers![0]!.at, own: true, fireAt: parked.timers![0]!.at }]);

    rt.advanceClock(29_000);
    await fireDue(rt);
    expect(rt.textsTo('+1600')).toEqual([]); // not early

    rt.advanceClock(1_000);
    await fireDue(rt);
    expect(rt.textsTo('+1600')).toEqual(['Later']);
    expect(await rt.stores.conversations.get(id)).toMatchObject({ state: { status: 'completed' }, timers: [] });
    expect(rt.timers.held()).toEqual([]);

    // a scan after it finds nothing to fire again
    await rt.timers.scan();
    rt.advanceClock(60_000);
    await fireDue(rt);
    expect(rt.textsTo('+1600')).toEqual(['Later']);
  });

  it('does nothing for a timer the conversation moved past, not even a write', async () => {
    const rt = startRuntime();
    rt.publish(askWithTimeout);
    const receipt = await rt.say('+1601', 'hi');
    const id = await conversationOf(rt, receipt.messageId);
    const timeout = (await rt.stores.conversations.get(id))!.timers![0]!;
    await rt.say('+1601', 'Ada'); // answered in time: the answer's write disarms the timeout
    const answered = (await rt.stores.conversations.get(id))!;
    expect(answered).toMatchObject({ state: { nodeId: 'age', status: 'waiting' }, timers: [] });
    expect(rt.timers.held()).toEqual([]);
    const journalBefore = (await rt.stores.journal.list(id, 100)).length;

    // a copy of the old timer fires anyway (as if this process had missed the answer)
    await rt.timers.scheduleTimer({ conversationId: id, token: timeout.token }, rt.now());
    await fireDue(rt);
    expect(await rt.stores.conversations.get(id)).toMatchObject({ rev: answered.rev, state: answered.state });
    expect(await rt.stores.journal.list(id, 100)).toHaveLength(journalBefore);
    expect(rt.textsTo('+1601')).toEqual(['Your name?', 'Your age?']);
  });

  it('are disarmed by a takeover, in the takeover’s own write', async () => {
    const rt = startRuntime();
    rt.publish(askWithTimeout);
    const id = await conversationOf(rt, (await rt.say('+1602', 'hi')).messageId);
    await rt.runner.takeover(id, { id: '650000000000000000000009' });
    expect(await rt.stores.conversations.get(id)).toMatchObject({ state: { status: 'handoff' }, timers: [] });
    expect(rt.timers.held()).toEqual([]);
    rt.advanceClock(120_000);
    await rt.timers.scan();
    await fireDue(rt);
    expect(rt.textsTo('+1602')).toEqual(['Your name?']);
  });

  it('survive a restart: the next process’s first scan fires those due while none ran, and later ones on time', async () => {
    const world = sharedWorld();
    const first = startRuntime({ ...world });
    first.publish(waitThenSay(30));
    const early = await conversationOf(first, (await first.say('+1603', 'hi')).messageId);
    first.advanceClock(20_000);
    const late = await conversationOf(first, (await first.say('+1604', 'hi')).messageId);
    await first.timers.stop(); // the process dies with both timers held only in its memory

    first.advanceClock(15_000); // the first is overdue now, the second due in 15 s
    const second = startRuntime({ ...world });
    await second.timers.scan(); // the first scan: everything due within the lookahead (10 s), overdue ones first
    expect(second.timers.held().map((t) => [t.conversationId, t.own])).toEqual([[early, false]]);
    await fireDue(second); // overdue: fired at once, after one read that checks it is still armed
    expect(world.sent.map((m) => [m.to, m.text])).toEqual([['+1603', 'Later']]);

    second.advanceClock(6_000); // the second is due in 9 s: the next scan finds it
    await second.timers.scan();
    expect(second.timers.held().map((t) => [t.conversationId, t.own])).toEqual([[late, false]]);
    second.advanceClock(8_999);
    await fireDue(second);
    expect(world.sent).toHaveLength(1); // not early
    second.advanceClock(1);
    await fireDue(second); // on time: no other process was ever seen firing timers
    expect(world.sent.map((m) => [m.to, m.text])).toEqual([
      ['+1603', 'Later'],
      ['+1604', 'Later'],
    ]);
  });

  it('fire once when two processes on one store both try, at the same moment or one after the other', async () => {
    const world = sharedWorld();
    const a = startRuntime({ ...world });
    const b = startRuntime({ ...world });
    a.publish(waitThenSay(30));
    const contacts = ['+1605', '+1606', '+1607', '+1608', '+1609'];
    const ids = [];
    for (const contact of contacts) ids.push(await conversationOf(a, (await a.say(contact, 'hi')).messageId));
    // b holds every timer too: found by its scan, and (the worst case) told of them as its own
    await b.timers.scan();
    for (const id of ids) {
      const timer = (await world.stores.conversations.get(id))!.timers![0]!;
      await b.timers.scheduleTimer({ conversationId: id, token: timer.token }, timer.at);
    }
    a.advanceClock(31_000);
    await fireDue(a, b);
    expect(world.sent.map((m) => m.to).sort()).toEqual([...contacts].sort());
    for (const id of ids) expect((await world.stores.journal.list(id, 100)).filter((e) => e.type === 'event.timer')).toHaveLength(1);

    // one found by a scan and left to its own process, which fired it: the check finds it gone
    const late = await conversationOf(a, (await a.say('+1610', 'hi')).messageId);
    a.advanceClock(25_000);
    await b.timers.scan();
    expect(b.timers.held().map((t) => t.conversationId)).toContain(late);
    a.advanceClock(5_000);
    await fireDue(a); // its own process, on time
    a.advanceClock(1_000);
    await fireDue(b);
    expect(world.sent.filter((m) => m.to === '+1610')).toHaveLength(1);
    expect(b.timers.held()).toEqual([]);
  });

  it('leave timers found by a scan to their own process a moment, once another process was seen firing them', async () => {
    const world = sharedWorld();
    const a = startRuntime({ ...world });
    const b = startRuntime({ ...world });
    a.publish(waitThenSay(30));
    const first = await conversationOf(a, (await a.say('+1615', 'hi')).messageId);
    const timer = (await world.stores.conversations.get(first))!.timers![0]!;
    await b.timers.scheduleTimer({ conversationId: first, token: timer.token }, timer.at);
    a.advanceClock(30_000);
    await fireDue(b); // b fires it first...
    await fireDue(a); // ...so a loses the conversation's write, reloads, and finds it fired
    expect(world.sent.filter((m) => m.to === '+1615')).toHaveLength(1);

    const second = await conversationOf(b, (await b.say('+1616', 'hi')).messageId);
    const c = startRuntime({ ...world }); // a process that has seen no other fire a timer
    a.advanceClock(25_000);
    await a.timers.scan();
    await c.timers.scan();
    const due = (await world.stores.conversations.get(second))!.timers![0]!.at.getTime();
    expect(a.timers.held().find((t) => t.conversationId === second)!.fireAt.getTime()).toBe(due + 250);
    expect(c.timers.held().find((t) => t.conversationId === second)!.fireAt.getTime()).toBe(due);
  });

  it('never lose a timer to an older cached copy of the conversation', async () => {
    const world = sharedWorld();
    const a = startRuntime({ ...world });
    const b = startRuntime({ ...world });
    a.publish(askWithTimeout);
    const id = await conversationOf(a, (await a.say('+1611', 'hi')).messageId);
    await a.say('+1611', 'Ada'); // a caches the conversation waiting at "age", with no timer
    const cached = (await world.stores.conversations.get(id))!;
    // b moves it on: the contact restarts the flow there, which arms a new timeout
    await b.runner.deliver(id, { type: 'start' });
    const armed = (await world.stores.conversations.get(id))!;
    expect(armed.rev).toBeGreaterThan(cached.rev);
    const timer = armed.timers![0]!;
    // a hears of that timer (with the revision that armed it) while its cached copy is older
    await a.timers.scheduleTimer({ conversationId: id, token: timer.token, rev: armed.rev }, timer.at);
    a.advanceClock(60_000);
    await fireDue(a);
    expect(world.sent.filter((m) => m.to === '+1611').map((m) => m.text)).toEqual(['Your name?', 'Your age?', 'Your name?', 'Too slow']);
  });

  it('are delivered again, backing off, when a delivery fails', async () => {
    const rt = startRuntime();
    rt.publish(waitThenSay(10));
    const id = await conversationOf(rt, (await rt.say('+1612', 'hi')).messageId);
    const deliver = rt.runner.deliver.bind(rt.runner);
    let failures = 2;
    rt.runner.deliver = async (...args: Parameters<typeof deliver>) => {
      if (failures-- > 0) throw new Error('the database hiccuped');
      return deliver(...args);
    };
    rt.advanceClock(10_000);
    await fireDue(rt);
    expect(rt.logs).toContain('delivering a timer failed; it is tried again');
    rt.advanceClock(999);
    await fireDue(rt);
    expect(failures).toBe(1); // not before a second has passed
    rt.advanceClock(1);
    await fireDue(rt); // fails again: two seconds now
    rt.advanceClock(2_000);
    await fireDue(rt);
    expect(rt.textsTo('+1612')).toEqual(['Later']);
    expect(await rt.stores.conversations.get(id)).toMatchObject({ state: { status: 'completed' }, timers: [] });
  });

  it('fire a timer an earlier version saved pending in a step (its Agenda job never made), once recovery finds it', async () => {
    const rt = startRuntime();
    const versionId = rt.publish(waitThenSay(30));
    const contact = await rt.say('+1614', 'hi');
    await rt.runner.end(await conversationOf(rt, contact.messageId), 'made way for the old one'); // its timer is disarmed with it
    const id = '650000000000000000000077';
    const at = new Date(rt.now().getTime() + 30_000);
    await rt.stores.conversations.create(
      {
        id,
        botId: rt.botId,
        contactId: contact.contactId,
        flowId: (await rt.stores.catalog.resolveVersion(rt.botId, 'published'))!.flowId,
        flowVersionId: versionId,
        channel: 'sms',
        source: 'published',
        state: { status: 'waiting', nodeId: 'w', vars: {}, wait: { nodeId: 'w', for: 'timer', token: 'old-token', data: {} }, lastMessage: null },
        pendingEffects: [{ type: 'schedule_timer', nodeId: 'w', token: 'old-token', at: at.toISOString() }],
        effectsRev: 1,
        rev: 1,
        journalSeq: 0,
        inboxSeq: 0,
        agentId: null,
      },
      'old:1',
      [],
      new Date(rt.now().getTime() - 120_000),
    );
    expect(await rt.runner.recoverPendingEffects(60_000)).toBe(1);
    expect(rt.timers.held().map((t) => t.token)).toEqual(['old-token']);
    rt.advanceClock(30_000);
    await fireDue(rt);
    expect(rt.textsTo('+1614')).toEqual(['Later']);
    expect(await rt.stores.conversations.get(id)).toMatchObject({ state: { status: 'completed' } });
  });

  it('keep far timers in the conversation only, and bring them in with the scan that finds them due soon', async () => {
    const rt = startRuntime({ timerWheel: { lookaheadMs: 10_000, holdOwnForMs: 60_000 } });
    rt.publish({ ...waitThenSay(0), nodes: [node('s', 'start'), node('w', 'wait', { duration: 2, unit: 'days' }), node('after', 'send_message', { text: 'Later' }), node('e', 'end')] });
    const id = await conversationOf(rt, (await rt.say('+1613', 'hi')).messageId);
    expect(rt.timers.held()).toEqual([]); // two days away: not in memory
    await rt.timers.scan();
    expect(rt.timers.held()).toEqual([]);
    rt.advanceClock(2 * 86_400_000 - 5_000);
    await rt.timers.scan();
    expect(rt.timers.held().map((t) => t.conversationId)).toEqual([id]);
    rt.advanceClock(6_000);
    await fireDue(rt);
    expect(rt.textsTo('+1613')).toEqual(['Later']);
  });
});
