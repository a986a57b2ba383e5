// axe-core over the screens a builder and a receptionist live in: no serious or critical
// violation on the bot list, the editor with a step open, the inbox with a conversation open,
// and the appointments of a calendar (day and week).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, openEditor } from './support/editor-actions';
import { axeViolations, signIn, startStudio, type StudioSession } from './support/studio-browser';

async function seriousViolations(page: Page): Promise<string[]> {
  return (await axeViolations(page))
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(' | ')})`);
}

describe('accessibility', () => {
  let studio: StudioSession;
  let page: Page;
  let botId: string;
  beforeAll(async () => {
    studio = await startStudio('e2e-a11y');
    botId = await createBotViaApi(studio.app, 'Sunny Clinic');
    const token = await studio.app.login();
    const flow = {
      nodes: [
        node('start', 'start', {}, 0),
        node('hello', 'send_message', { text: 'Welcome to Sunny Clinic', label: 'Greeting' }, 160),
        node('name', 'ask', { question: 'What is your name?', save_as: 'name', label: 'Ask the name' }, 320),
        node('bye', 'end', {}, 480),
      ],
      edges: [edge('start', 'hello'), edge('hello', 'name'), edge('name', 'bye', 'answered')],
      rev: 0,
    };
    const saved = await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const calendar = await studio.app.call('POST', `/api/bots/${botId}/resources`, {
      token,
      body: { name: 'Dr Smith', timezone: 'Europe/London', slotMinutes: 30, weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]])) },
    });
    expect(calendar.status).toBe(201);
    // a conversation for the inbox to show
    const said = await studio.app.call('POST', `/api/bots/${botId}/simulator/messages`, { token, body: { contact: '+447700900123', text: 'hi' } });
    expect(said.status).toBe(200);
    page = await studio.newPage();
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('finds nothing serious on the bot list', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Your bots' }).waitFor();
    await page.getByText('Sunny Clinic').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('finds nothing serious in the editor with a step open', async () => {
    await openEditor(page, botId);
    await page.locator('.react-flow__node-send_message').click();
    await page.getByRole('tabpanel').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('finds nothing serious on the Appointments screen, in the day and the week view', async () => {
    await page.goto(`/bots/${botId}/appointments?view=week`);
    await page.getByRole('region').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`/bots/${botId}/appointments?view=day`);
    await page.getByRole('region').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('finds nothing serious in the inbox with a conversation open, reachable by keyboard', async () => {
    await page.goto(`/bots/${botId}/inbox`);
    const conversation = page.getByText('+447700900123').first();
    await conversation.waitFor();
    // opened with the keyboard alone: focus the conversation in the list, press Enter
    await page.locator('[role="listitem"]').filter({ hasText: '+447700900123' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByText('What is your name?').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
