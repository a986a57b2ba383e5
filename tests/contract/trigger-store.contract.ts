// One suite for every trigger store (MongoDB and the in-memory twin): same inputs, same answers.
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TriggerFields, TriggerStore } from '../../server/src/ports/trigger-store';

const id = () => randomBytes(12).toString('hex');
const at = (iso: string) => new Date(iso);

export function triggerStoreContract(name: string, makeStore: () => Promise<TriggerStore> | TriggerStore): void {
  describe(`trigger store contract: ${name}`, () => {
    let store: TriggerStore;
    let botId: string;
    let flowId: string;
    const keyword = (over: Partial<TriggerFields> = {}): TriggerFields => ({ name: 'Menu', type: 'keyword', flowId, active: true, priority: 0, keywords: ['menu'], match: 'exact', caseSensitive: false, ...over });

    beforeEach(async () => {
      store = await makeStore();
      botId = id();
      flowId = id();
    });

    it('creates, reads and lists triggers of one bot only, highest priority first then oldest', async () => {
      const a = await store.create(botId, keyword({ name: 'A', priority: 1 }), at('2027-01-01T00:00:00Z'));
      const b = await store.create(botId, keyword({ name: 'B', priority: 5 }), at('2027-01-02T00:00:00Z'));
      const c = await store.create(botId, keyword({ name: 'C', priority: 1 }), at('2027-01-03T00:00:00Z'));
      await store.create(id(), keyword({ name: 'Other bot' }), at('2027-01-01T00:00:00Z'));
      expect(a).toMatchObject({ botId, flowId, name: 'A', keywords: ['menu'], createdAt: at('2027-01-01T00:00:00Z') });
      expect(a.id).toMatch(/^[0-9a-f]{24}$/);
      expect((await store.list(botId)).map((t) => t.name)).toEqual(['B', 'A', 'C']);
      expect(await store.get(botId, b.id)).toEqual(b);
      expect(await store.get(id(), c.id)).toBeNull();
      expect(await store.get(botId, 'not-an-id')).toBeNull();
    });

    it('answers the switched-on triggers, best first, and follows changes made through the store', async () => {
      const a = await store.create(botId, keyword({ name: 'A', priority: 1 }), at('2027-01-01T00:00:00Z'));
      await store.create(botId, keyword({ name: 'Off', priority: 9, active: false }), at('2027-01-02T00:00:00Z'));
      const b = await store.create(botId, keyword({ name: 'B', priority: 5 }), at('2027-01-03T00:00:00Z'));
      expect((await store.active(botId)).map((t) => t.name)).toEqual(['B', 'A']);
      await store.replace(botId, b.id, keyword({ name: 'B', priority: 5, active: false }), at('2027-01-04T00:00:00Z'));
      expect((await store.active(botId)).map((t) => t.name)).toEqual(['A']);
      await store.remove(botId, a.id);
      expect(await store.active(botId)).toEqual([]);
    });

    it('keeps schedules, conditions and audiences as given', async () => {
      const fields: TriggerFields = {
        name: 'Monday digest',
        type: 'schedule',
        flowId,
        active: true,
        priority: 0,
        schedule: { kind: 'weekly', weekday: 'mon', time: '09:00', timezone: 'Europe/London' },
        audience: { tags: ['vip'], channel: 'sms' },
        nextRunAt: at('2027-01-04T09:00:00Z'),
      };
      const created = await store.create(botId, fields, at('2027-01-01T00:00:00Z'));
      expect(await store.get(botId, created.id)).toEqual({ ...fields, id: created.id, botId, createdAt: created.createdAt, updatedAt: created.updatedAt });
      const event = await store.create(botId, { name: 'Welcome', type: 'event', flowId, active: true, priority: 0, event: 'new_contact', conditions: [{ field: 'contact.city', operator: '==', value: 'Paris' }] }, at('2027-01-01T00:00:00Z'));
      expect((await store.get(botId, event.id))?.conditions).toEqual([{ field: 'contact.city', operator: '==', value: 'Paris' }]);
    });

    it('replaces a trigger whole (no field of the old shape lingers), keeps its creation time', async () => {
      const created = await store.create(botId, keyword(), at('2027-01-01T00:00:00Z'));
      const replaced = await store.replace(botId, created.id, { name: 'Now an event', type: 'event', flowId, active: false, priority: 2, event: 'opt_in' }, at('2027-01-05T00:00:00Z'));
      expect(replaced).toEqual({ id: created.id, botId, name: 'Now an event', type: 'event', flowId, active: false, priority: 2, event: 'opt_in', createdAt: at('2027-01-01T00:00:00Z'), updatedAt: at('2027-01-05T00:00:00Z') });
      expect(await store.get(botId, created.id)).toEqual(replaced);
      expect(await store.replace(id(), created.id, keyword(), at('2027-01-05T00:00:00Z'))).toBeNull();
    });

    it('removes a trigger once, and only of its bot', async () => {
      const created = await store.create(botId, keyword(), at('2027-01-01T00:00:00Z'));
      expect(await store.remove(id(), created.id)).toBe(false);
      expect(await store.remove(botId, created.id)).toBe(true);
      expect(await store.remove(botId, created.id)).toBe(false);
      expect(await store.list(botId)).toEqual([]);
    });

    it('finds the triggers that use a flow', async () => {
      const other = id();
      await store.create(botId, keyword({ name: 'Uses it' }), at('2027-01-01T00:00:00Z'));
      await store.create(botId, keyword({ name: 'Uses another', flowId: other }), at('2027-01-01T00:00:00Z'));
      expect((await store.usingFlow(botId, flowId)).map((t) => t.name)).toEqual(['Uses it']);
      expect(await store.usingFlow(id(), flowId)).toEqual([]);
    });

    it('logs firings, newest first, and counts them per UTC day', async () => {
      const t = await store.create(botId, keyword(), at('2027-01-01T00:00:00Z'));
      const contactId = id();
      await store.log({ botId, triggerId: t.id, at: at('2027-01-01T10:00:00Z'), outcome: 'fired', reason: 'the message is exactly “menu”', contactId, contact: '+447700900001', cause: 'menu' });
      await store.log({ botId, triggerId: t.id, at: at('2027-01-01T23:59:59Z'), outcome: 'skipped', reason: 'switched off' });
      await store.log({ botId, triggerId: t.id, at: at('2027-01-02T00:00:00Z'), outcome: 'fired', reason: 'again' });
      await store.log({ botId, triggerId: t.id, at: at('2027-01-03T08:00:00Z'), outcome: 'failed', reason: 'no published version' });
      await store.log({ botId: id(), triggerId: t.id, at: at('2027-01-02T00:00:00Z'), outcome: 'fired', reason: 'other bot' });
      const latest = await store.logs(botId, t.id, 2);
      expect(latest.map((l) => l.reason)).toEqual(['no published version', 'again']);
      const all = await store.logs(botId, t.id, 10);
      expect(all.at(-1)).toMatchObject({ outcome: 'fired', contactId, contact: '+447700900001', cause: 'menu', at: at('2027-01-01T10:00:00Z') });
      expect(all.at(-1)!.id).toEqual(expect.any(String));
      expect(await store.countsPerDay(botId, t.id, at('2027-01-01T00:00:00Z'))).toEqual([
        { day: '2027-01-01', fired: 1, skipped: 1, failed: 0 },
        { day: '2027-01-02', fired: 1, skipped: 0, failed: 0 },
        { day: '2027-01-03', fired: 0, skipped: 0, failed: 1 },
      ]);
      expect(await store.countsPerDay(botId, t.id, at('2027-01-02T00:00:00Z'))).toHaveLength(2);
    });
  });
}
