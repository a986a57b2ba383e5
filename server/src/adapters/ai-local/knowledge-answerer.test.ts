import { describe, expect, it } from 'vitest';
import { DEFAULT_FALLBACK_REPLY } from '../../ports/ai';
import { splitKnowledge } from './knowledge-answerer';
import { LocalAi } from './local-ai';

const knowledge = `
Sunrise Clinic is at 12 Harbour Street, next to the pharmacy. There is free parking behind the building.

## Opening hours
We are open Monday to Friday from 8am to 6pm and on Saturday from 9am to 1pm. We are closed on Sundays.

Q: How much is a check-up?
A: A check-up costs $60.
Q: How much is a teeth cleaning?
A: A cleaning costs $80, or $50 for children under 12.

Q: Do you take insurance?
A: Yes, we accept most major insurers. Bring your card to the visit.
`;

function reply(message: string, extra: Partial<Parameters<LocalAi['reply']>[0]> = {}) {
  return new LocalAi().reply({ instructions: 'You answer for Sunrise Clinic.', knowledge, history: [], message, ...extra });
}

describe('knowledge passages', () => {
  it('splits Q/A pairs and paragraphs, keeping headings as titles', () => {
    const passages = splitKnowledge(knowledge);
    expect(passages.map((passage) => passage.answer)).toEqual([
      'Sunrise Clinic is at 12 Harbour Street, next to the pharmacy. There is free parking behind the building.',
      'We are open Monday to Friday from 8am to 6pm and on Saturday from 9am to 1pm. We are closed on Sundays.',
      'A check-up costs $60.',
      'A cleaning costs $80, or $50 for children under 12.',
      'Yes, we accept most major insurers. Bring your card to the visit.',
    ]);
    expect(passages[1]!.title).toBe('Opening hours');
    expect(passages[3]!.title).toBe('How much is a teeth cleaning?');
  });
});

describe('local reply', () => {
  it('quotes the passage that answers the question', async () => {
    expect(await reply('how much is a cleaning?')).toEqual({
      text: 'A cleaning costs $80, or $50 for children under 12.',
      source: 'knowledge',
    });
    expect((await reply('are you open on saturday')).text).toMatch(/^We are open Monday to Friday/);
    expect((await reply('where can I park?')).text).toMatch(/free parking/);
    expect((await reply('do u take insurence')).text).toMatch(/major insurers/);
  });

  it('falls back when nothing in the knowledge fits', async () => {
    expect(await reply('can you recommend a good hotel nearby?')).toEqual({ text: DEFAULT_FALLBACK_REPLY, source: 'fallback' });
    expect(await reply('do you do home visits?', { fallback: 'Let me ask the team.' })).toEqual({
      text: 'Let me ask the team.',
      source: 'fallback',
    });
    expect((await reply('how much is a cleaning?', { knowledge: '  ' })).source).toBe('fallback');
  });

  it('never invents a price: asked one the knowledge lacks, it falls back with no number', async () => {
    for (const question of ['how much is teeth whitening?', 'what does a root canal cost', 'price of braces?', 'how much for an x-ray']) {
      const answer = await reply(question);
      expect(answer.source, question).toBe('fallback');
      expect(answer.text, question).not.toMatch(/\d/);
    }
  });
});
