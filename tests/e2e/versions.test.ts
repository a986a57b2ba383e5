// A builder opens a published version read-only from the Versions panel, and compares versions
// (and a version with the draft): the canvas marks added, removed and changed steps with a colour
// and a written tag, a legend explains them, and the changed fields read in plain words. Nothing
// she does in the view changes the bot.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('versions a person can compare', () => {
  let studio: StudioSession;
  let page: Page;
  let token: string;
  let botId: string;
  const writes: string[] = [];
  const draft = async () =>
    (await studio.app.call('GET', `/api/bots/${botId}`, { token })).body.flow as {
      rev: number;
      nodes: Array<{ id: string; position: { x: number; y: number } }>;
    };
  const save = async (flow: unknown) =>
    expect((await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow })).status).toBe(200);
  const publish = async () => expect((await studio.app.call('POST', `/api/bots/${botId}/publish`, { token })).status).toBe(201);
  const diffOf = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`).getAttribute('data-diff');

  beforeAll(async () => {
    studio = await startStudio('e2e-versions');
    token = await studio.app.login();
    botId = (await studio.app.call('POST', '/api/bots', { token, body: { name: 'Greeter' } })).body.id;
    await save({
      nodes: [
        node('start', 'start'),
        node('hi', 'send_message', { text: 'Hello' }, 150),
        node('ask', 'ask', { question: 'Name?', save_as: 'name' }, 300),
        node('end', 'end', {}, 450),
      ],
      edges: [edge('start', 'hi'), edge('hi', 'ask'), edge('ask', 'end', 'answered')],
    });
    await publish();
    await save({
      nodes: [
        node('start', 'start'),
        node('hi', 'send_message', { text: 'Hi there' }, 150),
        node('ask', 'ask', { question: 'Name?', save_as: 'name' }, 300),
        node('bye', 'send_message', { text: 'Bye' }, 450),
      ],
      edges: [edge('start', 'hi'), edge('hi', 'ask'), edge('ask', 'bye', 'answered')],
    });
    await publish();
    // the draft moves on after version 2
    await save({
      nodes: [
        node('start', 'start'),
        node('hi', 'send_message', { text: 'Hi there' }, 150),
        node('ask', 'ask', { question: 'What is your name?', save_as: 'name' }, 300),
        node('bye', 'send_message', { text: 'Bye' }, 450),
      ],
      edges: [edge('start', 'hi'), edge('hi', 'ask'), edge('ask', 'bye', 'answered')],
    });
    page = await studio.newPage();
    page.on('request', (r: Request) => {
      if (r.method() !== 'GET' && r.url().includes(`/api/bots/${botId}`)) writes.push(`${r.method()} ${r.url()}`);
    });
    await signIn(page);
  });
  afterAll(async () => studio?.close());

  it('opens a version read-only from the Versions panel; nothing done there changes the bot', async () => {
    await page.goto(`/bots/${botId}`);
    await page.locator('.react-flow__node-start').waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('link', { name: 'View version 1' }).click();
    await page.waitForURL(/\/versions\/1$/);
    await page.getByText('Read-only', { exact: true }).waitFor();
    await page.locator('.react-flow__node[data-id="end"]').waitFor();
    expect(await page.locator('.react-flow__node[data-id="hi"]').textContent()).toContain('Hello');
    const before = await draft();
    writes.length = 0;

    // select a step and press Delete; drag another with the mouse
    await page.locator('.react-flow__node[data-id="hi"]').click();
    await page.keyboard.press('Delete');
    const ask = page.locator('.react-flow__node[data-id="ask"]');
    const placed = await ask.getAttribute('style');
    const box = (await ask.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 120, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+s');
    expect(await page.locator('.react-flow__node[data-id="hi"]').count()).toBe(1);
    // the drag pans the view (allowed) but the step keeps its place in the flow
    expect(await ask.getAttribute('style')).toBe(placed);
    expect(await page.locator('nav [data-node-type]').count()).toBe(0); // no palette
    await screenshot(page, 'version-view');

    await page.getByRole('link', { name: 'Back to the editor' }).click();
    await page.locator('.react-flow__node-start').waitFor();
    expect(writes).toEqual([]);
    expect(await draft()).toEqual(before);
  });

  it('compares two versions: coloured, tagged steps, a legend and the changed fields in words', async () => {
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('link', { name: 'View version 1' }).click();
    await page.getByRole('combobox', { name: 'Compare with' }).click();
    await page.getByRole('option', { name: 'Version 2 (live)' }).click();
    await page.getByRole('heading', { name: 'Changes from version 1 to version 2' }).waitFor();
    await expect.poll(() => diffOf('bye')).toBe('added');
    expect(await diffOf('end')).toBe('removed');
    expect(await diffOf('hi')).toBe('changed');
    expect(await diffOf('ask')).toBe('unchanged');
    // not colour alone: each marked step carries a written tag
    const tag = await page.evaluate(`getComputedStyle(document.querySelector('.react-flow__node[data-id="bye"]'), '::before').content`);
    expect(tag).toContain('Added');
    const legend = page.getByRole('list', { name: 'Legend' });
    for (const words of ['Added step', 'Removed step', 'Changed step']) await legend.getByText(words).waitFor();
    const changes = page.getByRole('complementary', { name: 'What changed' });
    await changes.getByText('Message: “Hello” → “Hi there”').waitFor();
    await changes.getByRole('button', { name: /^Added: Send message: Bye/ }).waitFor();
    await changes.getByRole('button', { name: /^Removed: End/ }).click();
    await changes.getByText(/No longer connected .*\(answered\) → End/).waitFor();
    await screenshot(page, 'versions-compare');
  });

  it('compares a version with the current draft from the panel', async () => {
    await page.getByRole('link', { name: 'Back to the editor' }).click();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('link', { name: 'Compare version 2 with the current draft' }).click();
    await page.getByRole('heading', { name: 'Changes from version 2 to the current draft' }).waitFor();
    await page.getByText('Question: “Name?” → “What is your name?”').waitFor();
    await expect.poll(() => diffOf('ask')).toBe('changed');
    expect(await diffOf('hi')).toBe('unchanged');
    expect(writes).toEqual([]);
  });
});
