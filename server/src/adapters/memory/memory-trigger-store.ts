// The in-memory twin of the trigger store: same behaviour as MongoDB's, for unit tests.
import { randomBytes } from 'node:crypto';
import type { DayCount, TriggerFields, TriggerLogEntry, TriggerRecord, TriggerStore } from '../../ports/trigger-store';
import { byPriority } from '../../domain/triggers/keyword-match';

const newId = () => randomBytes(12).toString('hex');
const copy = <T>(value: T): T => structuredClone(value);

export function createMemoryTriggerStore(): TriggerStore {
  const triggers = new Map<string, TriggerRecord>();
  const logs: Array<TriggerLogEntry & { id: string }> = [];
  const ofBot = (botId: string) => [...triggers.values()].filter((t) => t.botId === botId);

  return {
    async create(botId, fields, now) {
      const record: TriggerRecord = { ...copy(fields), id: newId(), botId, createdAt: now, updatedAt: now };
      triggers.set(record.id, record);
      return copy(record);
    },
    async get(botId, id) {
      const t = triggers.get(id);
      return t && t.botId === botId ? copy(t) : null;
    },
    async list(botId) {
      return ofBot(botId).sort(byPriority).map(copy);
    },
    async active(botId) {
      return ofBot(botId).filter((t) => t.active).sort(byPriority).map(copy);
    },
    async replace(botId, id, fields: TriggerFields, now) {
      const t = triggers.get(id);
      if (!t || t.botId !== botId) return null;
      const record: TriggerRecord = { ...copy(fields), id, botId, createdAt: t.createdAt, updatedAt: now };
      triggers.set(id, record);
      return copy(record);
    },
    async remove(botId, id) {
      const t = triggers.get(id);
      if (!t || t.botId !== botId) return false;
      triggers.delete(id);
      return true;
    },
    async usingFlow(botId, flowId) {
      return ofBot(botId).filter((t) => t.flowId === flowId).sort(byPriority).map(copy);
    },
    async log(entry) {
      logs.push({ ...copy(entry), id: newId() });
    },
    async logs(botId, triggerId, limit) {
      return logs
        .filter((l) => l.botId === botId && l.triggerId === triggerId)
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .slice(0, limit)
        .map(copy);
    },
    async countsPerDay(botId, triggerId, since) {
      const days = new Map<string, DayCount>();
      for (const l of logs) {
        if (l.botId !== botId || l.triggerId !== triggerId || l.at < since) continue;
        const day = l.at.toISOString().slice(0, 10);
        const count = days.get(day) ?? { day, fired: 0, skipped: 0, failed: 0 };
        count[l.outcome] += 1;
        days.set(day, count);
      }
      return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
    },
  };
}
