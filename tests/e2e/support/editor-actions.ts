// What a builder does in the editor, as Playwright steps that wait on what the page shows.
import type { Locator, Page } from 'playwright-core';
import type { TestApp } from '../../support/app-harness';

export async function createBotViaApi(app: TestApp, name: string): Promise<string> {
  const token = await app.login();
  const res = await app.call('POST', '/api/bots', { token, body: { name, timezone: 'Europe/Paris' } });
  if (res.status !== 201) throw new Error(`could not create a bot: ${res.status}`);
  return res.body.id as string;
}

export async function openEditor(page: Page, botId: string): Promise<void> {
  await page.goto(`/bots/${botId}`);
  await page.locator('.react-flow__node-start').waitFor();
}

export const nodeOfType = (page: Page, type: string): Locator => page.locator(`.react-flow__node-${type}`);

/** Drags a step from the palette and drops it at (x, y) inside the canvas. */
export async function dragFromPalette(page: Page, type: string, x: number, y: number): Promise<Locator> {
  const before = await nodeOfType(page, type).count();
  await page.locator(`nav [data-node-type="${type}"]`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
  const added = nodeOfType(page, type).nth(before);
  await added.waitFor();
  return added;
}

/** Drags from a node's exit to another node's entry, the way a person connects two steps. */
export async function connect(page: Page, from: Locator, handle: string, to: Locator): Promise<void> {
  const source = from.locator(`.react-flow__handle.source[data-handleid="${handle}"]`);
  const target = to.locator('.react-flow__handle.target');
  const a = (await source.boundingBox())!;
  const b = (await target.boundingBox())!;
  const edgesBefore = await page.locator('.react-flow__edge').count();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.locator('.react-flow__edge').nth(edgesBefore).waitFor();
}

/** Replaces the text of a settings field: a text field (messages, questions: a textarea) or a
 *  Monaco one (JSON), found by its label. Typed key by key, as a person types. */
export async function typeInMonaco(page: Page, field: string, text: string): Promise<void> {
  const box = page.locator(`[data-template-field="${field}"] :is(textarea, input), [data-monaco-field="${field}"] .monaco-editor`).first();
  await box.waitFor();
  await box.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text, { delay: 10 });
  await page.keyboard.press('Escape'); // closes a variable list, if one opened
}

/** Same, for the text fields: the clearer name for new tests. */
export const typeInField = typeInMonaco;

export async function waitForSaved(page: Page): Promise<void> {
  await page.locator('[data-save-status="saved"]').waitFor();
}

export async function getDraft(
  app: TestApp,
  botId: string,
): Promise<{
  nodes: Array<{ id: string; type: string; data: Record<string, unknown> }>;
  edges: Array<{ source: string; target: string; sourceHandle?: string }>;
  rev: number;
}> {
  const token = await app.login();
  const res = await app.call('GET', `/api/bots/${botId}`, { token });
  return res.body.flow;
}
