// What every AiPort must do, whichever model answers: run it from each adapter's test file
// (`aiPortContract('local', () => new LocalAi())`; the OpenAI adapter against its local stand-in).
import { describe, expect, it } from 'vitest';
import type { AiPort } from './ai';

const intents = [
  { name: 'book', examples: ['I want to book an appointment', 'Can I come in tomorrow?', 'Any free slots on Monday?'] },
  { name: 'cancel', examples: ['Cancel my appointment', 'I will not come, please cancel', 'Delete my booking'] },
  { name: 'other', examples: ['Tell me a joke', 'What is the weather like?', 'Who won the game?'] },
];
const now = new Date('2026-03-06T15:30:00Z');
const knowledge = 'Q: How much is a check-up?\nA: A check-up costs $60.\n\nWe are open Monday to Friday, 8am to 6pm.';

export function aiPortContract(name: string, create: () => AiPort): void {
  describe(`AiPort contract: ${name}`, () => {
    it('ranks every intent once, best first, with scores in 0..1, and names the best at or above the threshold', async () => {
      const result = await create().classifyIntent({ text: 'please cancel my appointment', intents, threshold: 0.4, timezone: 'UTC', now });
      expect(result.ranking.map((entry) => entry.name).sort()).toEqual(['book', 'cancel', 'other']);
      result.ranking.forEach((entry, i) => {
        expect(entry.score).toBeGreaterThanOrEqual(0);
        expect(entry.score).toBeLessThanOrEqual(1);
        if (i > 0) expect(entry.score).toBeLessThanOrEqual(result.ranking[i - 1]!.score);
      });
      expect(result.confidence).toBe(result.ranking[0]!.score);
      expect(result.intent).toBe('cancel');
    });

    it('answers null (unknown) when the best confidence is under the threshold', async () => {
      const result = await create().classifyIntent({
        text: 'please cancel my appointment',
        intents,
        threshold: 1.01,
        timezone: 'UTC',
        now,
      });
      expect(result.intent).toBeNull();
      expect(result.ranking[0]!.name).toBe('cancel');
    });

    it("resolves dates in the contact's zone from the given now", async () => {
      const result = await create().classifyIntent({
        text: 'can I come tomorrow at 3pm?',
        intents,
        threshold: 0.4,
        timezone: 'Europe/Paris',
        now,
      });
      expect(result.entities.dates).toHaveLength(1);
      expect(new Date(result.entities.dates[0]!.start).toISOString()).toBe('2026-03-07T14:00:00.000Z');
      expect(result.entities).toMatchObject({ numbers: [], emails: [], phones: [] });
    });

    it('answers from the knowledge, and falls back with the builder text when it cannot', async () => {
      const ai = create();
      const answered = await ai.reply({
        instructions: 'Answer for the clinic.',
        knowledge,
        history: [],
        message: 'how much is a check-up?',
      });
      expect(['knowledge', 'model']).toContain(answered.source);
      expect(answered.text).toContain('60');
      const unknown = await ai.reply({
        instructions: 'Answer for the clinic.',
        knowledge,
        history: [],
        message: 'do you sell train tickets?',
        fallback: 'Let me ask.',
      });
      if (unknown.source === 'fallback') expect(unknown.text).toBe('Let me ask.');
    });

    it('never states a price the knowledge does not give', async () => {
      const result = await create().reply({
        instructions: 'Answer for the clinic.',
        knowledge,
        history: [],
        message: 'how much is teeth whitening?',
      });
      expect(result.text).not.toMatch(/\d/);
    });
  });
}
