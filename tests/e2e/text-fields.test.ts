// What a builder types into a step's settings is what is saved, byte for byte: sentences with
// Enter in every kind of text field, variables only after "{{" (Tab or a click inserts them,
// Enter never does), a counter against the limit, plain words in the panel and on the cards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createBotViaApi, getDraft, nodeOfType, openEditor } from './support/editor-actions';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

// Ordinary sentences: the kind a word-completing editor used to "complete" on Enter.
const SENTENCES = ['Welcome to Sunny Clinic', 'We are open from 9 to 5', 'Call us at the front desk', 'Please bring your card'];

const at = (x: number, y: number) => ({ x, y });
const FLOW = {
  nodes: [
    { id: 'start', type: 'start', position: at(0, 0), data: {} },
    { id: 'send', type: 'send_message', position: at(300, 0), data: {} },
    { id: 'ask', type: 'ask', position: at(600, 0), data: { answer_type: 'text', save_as: 'answer' } },
    { id: 'handoff', type: 'handoff', position: at(900, 0), data: {} },
    { id: 'setvar', type: 'set_variable', position: at(0, 260), data: { name: 'plan' } },
    { id: 'hook', type: 'webhook_action', position: at(300, 260), data: { method: 'POST' } },
    { id: 'cond', type: 'condition', position: at(600, 260), data: { operator: '==' } },
    { id: 'book', type: 'book_appointment', position: at(900, 260), data: { action: 'book', resource_id: 'r1' } },
  ],
  edges: [],
};

type Draft = Awaited<ReturnType<typeof getDraft>>;

/** Clicks into a field and types the sentences one by one, pressing Enter between them. */
async function typeSentences(page: Page, field: string, sentences: readonly string[]): Promise<string> {
  const box = page.locator(`[data-template-field="${field}"] textarea`);
  await box.click();
  for (const [i, sentence] of sentences.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(sentence, { delay: 5 });
  }
  return sentences.join('\n');
}

async function selectStep(page: Page, id: string): Promise<void> {
  // the editor opens at a readable zoom on Start: show the whole flow, as a person would, to reach any step
  await page.locator('.react-flow__controls-fitview').click();
  await page.locator(`.react-flow__node[data-id="${id}"]`).click();
  await page.locator(`[data-testid="node-settings"][data-node-id="${id}"]`).waitFor();
}

describe('text fields in the step settings', () => {
  let studio: StudioSession;
  let page: Page;
  let botId: string;
  const draft = async (): Promise<Draft> => getDraft(studio.app, botId);
  const dataOf = async (id: string) => (await draft()).nodes.find((n) => n.id === id)?.data ?? {};

  beforeAll(async () => {
    studio = await startStudio('e2e-text-fields');
    botId = await createBotViaApi(studio.app, 'Sunny Clinic');
    const token = await studio.app.login();
    const saved = await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: FLOW });
    if (saved.status !== 200) throw new Error(`could not seed the flow: ${saved.status} ${JSON.stringify(saved.body)}`);
    page = await studio.newPage();
    await signIn(page);
    await openEditor(page, botId);
  });
  afterAll(async () => studio?.close());

  it('keeps sentences typed with Enter exactly, in every text field', async () => {
    const expected: Record<string, Record<string, string>> = { send: {}, ask: {}, handoff: {}, setvar: {}, book: {} };
    await selectStep(page, 'send');
    expected.send!.text = await typeSentences(page, 'Message', SENTENCES);
    await selectStep(page, 'ask');
    expected.ask!.question = await typeSentences(page, 'Question', ['What is your name', 'First name is enough']);
    expected.ask!.retry_message = await typeSentences(page, 'When the answer is not valid, say', ['Sorry I did not get that', 'Try again']);
    await selectStep(page, 'handoff');
    expected.handoff!.message = await typeSentences(page, 'Tell the contact', SENTENCES.slice(0, 2));
    expected.handoff!.note = await typeSentences(page, 'Note for the team', ['Wants to talk about billing', 'Call back today']);
    await selectStep(page, 'setvar');
    expected.setvar!.value = await typeSentences(page, 'New value', ['Premium plan', 'Paid yearly']);
    await selectStep(page, 'book');
    expected.book!.prompt = await typeSentences(page, 'Offer message', ['Which time suits you', 'Reply with its number']);
    expected.book!.confirmation = await typeSentences(page, 'Confirmation message', ['You are booked', 'See you then']);

    // the one-line fields: a web address and a value to compare with
    await selectStep(page, 'hook');
    await page.locator('[data-template-field="Web address (URL)"] input').click();
    await page.keyboard.type('https://api.example.com/leads?clinic=sunny&from=bot', { delay: 5 });
    await page.keyboard.press('Enter'); // a web address has one line: Enter adds nothing
    // JSON in the code editor: "{" is JSON here, and Enter after a variable is a new line
    await page.locator('[data-monaco-field="Body (JSON)"] .monaco-editor').click();
    await page.keyboard.type('{"name": "{{contact.first_name}}",', { delay: 5 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('"note": "Welcome to Sunny Clinic"}', { delay: 5 });
    await selectStep(page, 'cond');
    // the variable to check is listed by its friendly name
    await page.getByRole('combobox', { name: 'Check' }).click();
    await page.getByRole('option', { name: /^answer/ }).waitFor();
    await page.keyboard.type('state.answer', { delay: 5 });
    await page.getByRole('textbox', { name: 'Compare with' }).click();
    await page.keyboard.type('yes please', { delay: 5 });

    await expect.poll(async () => (await dataOf('cond')).value, { timeout: 15_000 }).toBe('yes please');
    const saved = await draft();
    for (const [id, fields] of Object.entries(expected)) {
      const data = saved.nodes.find((n) => n.id === id)!.data;
      for (const [field, text] of Object.entries(fields)) expect(data[field], `${id}.${field}`).toBe(text);
    }
    const hook = saved.nodes.find((n) => n.id === 'hook')!.data;
    expect(hook.url).toBe('https://api.example.com/leads?clinic=sunny&from=bot');
    expect(hook.body).toEqual({ name: '{{contact.first_name}}', note: 'Welcome to Sunny Clinic' });
    expect(saved.nodes.find((n) => n.id === 'cond')!.data.variable).toBe('state.answer');
    await screenshot(page, 'text-fields-condition');
  }, 300_000); // some 300 keystrokes, each one re-validating the flow

  it('lists variables only after "{{": Enter keeps typing, Tab or a click inserts', async () => {
    await selectStep(page, 'send');
    const box = page.locator('[data-template-field="Message"] textarea');
    const list = page.getByRole('listbox', { name: 'Variables' });
    await box.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('Hi contact', { delay: 5 });
    expect(await list.isVisible()).toBe(false);
    await page.keyboard.type(' {{', { delay: 5 });
    await list.waitFor();
    // friendly names, the step's saved answer among them
    await list.getByRole('option', { name: /answer/ }).waitFor();
    await page.keyboard.type('fir', { delay: 5 });
    await expect.poll(() => list.getByRole('option').count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'text-fields-variable-list');
    await page.keyboard.press('Enter');
    await expect.poll(() => box.inputValue(), { timeout: 10_000 }).toBe('Hi contact {{fir\n');
    await list.waitFor({ state: 'hidden' });
    await page.keyboard.press('Backspace');
    await list.waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => box.inputValue(), { timeout: 10_000 }).toBe('Hi contact {{contact.first_name}}');
    await expect.poll(() => box.evaluate((el) => (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el), { timeout: 10_000 }).toBe(true);
    await page.keyboard.type(', your answer: {{', { delay: 5 });
    await list.getByRole('option', { name: /answer/ }).click();
    await page.keyboard.type('.', { delay: 5 });
    const typed = 'Hi contact {{contact.first_name}}, your answer: {{state.answer}}.';
    await expect.poll(() => box.inputValue(), { timeout: 10_000 }).toBe(typed);
    await expect.poll(async () => (await dataOf('send')).text, { timeout: 15_000 }).toBe(typed);
  });

  it('inserts a variable from the menu where the caret is', async () => {
    await selectStep(page, 'setvar');
    const box = page.locator('[data-template-field="New value"] textarea');
    await box.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Plan for ', { delay: 5 });
    await page.getByRole('button', { name: 'Insert a variable into New value' }).click();
    await page.getByRole('menuitem', { name: /Contact's first name/ }).click();
    await page.keyboard.type('!', { delay: 5 });
    await expect.poll(async () => (await dataOf('setvar')).value, { timeout: 15_000 }).toBe('Plan for {{contact.first_name}}!');
  });

  it('counts characters against the limit and warns past it, keeping every character', async () => {
    await selectStep(page, 'ask');
    const field = page.locator('[data-template-field="When the answer is not valid, say"]');
    const counter = field.getByTestId('char-counter');
    await expect.poll(() => counter.textContent(), { timeout: 10_000 }).toBe('34 / 1,024');
    const long = 'Please answer with your first name only. '.repeat(25); // 1,025 characters
    await field.locator('textarea').fill(long);
    await expect.poll(() => counter.textContent(), { timeout: 10_000 }).toBe('Too long: 1,025 / 1,024');
    expect(await counter.getAttribute('data-over')).toBe('true');
    expect(await field.locator('textarea').inputValue()).toBe(long);
    await screenshot(page, 'text-fields-counter-over');
    // back under the limit, so the draft saves again for the next checks
    await field.locator('textarea').fill('Sorry, please try again');
    await expect.poll(() => counter.textContent(), { timeout: 10_000 }).toBe('23 / 1,024');
  });

  it('speaks plainly: comparisons in words, no ids, no state. jargon, no marks on optional fields', async () => {
    await selectStep(page, 'cond');
    const comparison = page.getByRole('combobox', { name: 'Comparison' });
    await comparison.click();
    for (const words of ['is equal to', 'is not equal to', 'is greater than', 'contains', 'starts with', 'is empty', 'matches the pattern', 'is one of'])
      await page.getByRole('option', { name: words, exact: true }).waitFor();
    expect(await page.getByRole('option', { name: '==', exact: true }).count()).toBe(0);
    await page.getByRole('option', { name: 'is not equal to', exact: true }).click();
    await expect.poll(async () => (await dataOf('cond')).operator, { timeout: 15_000 }).toBe('!=');
    await expect.poll(() => nodeOfType(page, 'condition').textContent(), { timeout: 10_000 }).toContain('answer is not equal to yes please');

    await selectStep(page, 'ask');
    const panel = page.getByTestId('node-settings');
    expect(await panel.textContent()).not.toContain('Step id');
    await expect.poll(() => nodeOfType(page, 'ask').textContent(), { timeout: 10_000 }).toContain('Saved as: answer');
    expect(await nodeOfType(page, 'ask').textContent()).not.toContain('state.');
    // required: the question; optional: the timeout's amount and unit until a timeout is set
    type Label = { querySelector: (selector: string) => unknown; textContent: string | null };
    const required = await panel
      .locator('label')
      .evaluateAll((labels) =>
        (labels as unknown as Label[])
          .filter((l) => l.querySelector('[class*="required"]'))
          .map((l) => (l.textContent ?? '').replace(/\s*\*\s*$/, '')),
      );
    expect(required.sort()).toEqual(['Question', 'Save the answer as']);
    await screenshot(page, 'text-fields-ask-panel');
  });

  it('shows every label in the panel in full', async () => {
    await page.getByRole('tab', { name: 'Problems' }).click();
    const badges = page.getByRole('list', { name: 'Problems' }).locator('.mantine-Badge-label');
    await badges.first().waitFor();
    type Box = { scrollWidth: number; clientWidth: number; textContent: string | null };
    const cut = await badges.evaluateAll((labels) =>
      (labels as unknown as Box[]).filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent),
    );
    expect(cut).toEqual([]);
    await screenshot(page, 'text-fields-problems');
    await page.getByRole('tab', { name: 'Step' }).click();
  });

  it('searches time zones afresh instead of appending to the current one', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: 'New bot' }).click();
    const zone = page.getByRole('dialog').getByRole('combobox', { name: 'Time zone' });
    const before = await zone.inputValue();
    expect(before).not.toBe('');
    await zone.click();
    await page.keyboard.type('Paris', { delay: 5 });
    expect(await zone.inputValue()).toBe('Paris');
    await page.getByRole('option', { name: 'Europe/Paris' }).click();
    await expect.poll(() => zone.inputValue(), { timeout: 10_000 }).toBe('Europe/Paris');
    // a second search starts empty too; leaving without choosing keeps Paris
    await zone.click();
    await page.keyboard.type('Tok', { delay: 5 });
    await page.getByRole('option', { name: 'Asia/Tokyo' }).waitFor();
    await page.getByRole('dialog').getByRole('textbox', { name: 'Name' }).click();
    await expect.poll(() => zone.inputValue(), { timeout: 10_000 }).toBe('Europe/Paris');
  });
});
