// A builder teaches an "Understand intent" step: types example sentences with Enter, adds a second
// intent, moves the confidence slider with the keyboard, tries a sentence in the panel, connects
// the new way out, then talks to the bot in "Try it" (the local model: no key, offline).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, getDraft, nodeOfType, openEditor, waitForSaved } from './support/editor-actions';
import { axeViolations, screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('the AI steps in the editor', () => {
  let studio: StudioSession;
  let botId: string;
  beforeAll(async () => {
    studio = await startStudio('e2e-ai-steps');
    botId = await createBotViaApi(studio.app, 'Sunrise Clinic');
    const token = await studio.app.login();
    const flow = {
      nodes: [
        node('start', 'start', {}, 0),
        node('understand', 'ai_intent', { question: 'How can I help?', intents: [{ name: 'book', examples: ['I want to book an appointment'] }] }, 150),
        node('booking', 'send_message', { text: 'Let us find you a time.' }, 300),
        node('cancelling', 'send_message', { text: 'Your booking will be cancelled.', label: 'Cancel reply' }, 450),
        node('sorry', 'send_message', { text: 'Sorry, I did not get that.' }, 600),
      ],
      edges: [edge('start', 'understand'), edge('understand', 'booking', 'book'), edge('understand', 'sorry', 'unknown')],
      rev: 0,
    };
    const saved = await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  });
  afterAll(async () => studio?.close());

  it('configures intents with examples typed with Enter, tries a sentence, and the bot understands it in Try it', async () => {
    const page = await studio.newPage();
    await signIn(page);
    await openEditor(page, botId);
    await nodeOfType(page, 'ai_intent').click();
    const panel = page.getByTestId('node-settings');
    await panel.getByText('Understand intent', { exact: true }).waitFor();

    // more examples for "book", each added with Enter
    const bookExamples = panel.getByRole('combobox', { name: 'Examples for book' });
    await bookExamples.click();
    for (const example of ['can I come tomorrow at 3?', 'any free slots on Monday?', 'book me in please']) {
      await page.keyboard.type(example);
      await page.keyboard.press('Enter');
    }
    // a second intent, named by typing, with its examples
    await panel.getByRole('button', { name: 'Add an intent' }).click();
    const name = panel.getByRole('textbox', { name: 'Intent 2 name' });
    await name.fill('');
    await name.pressSequentially('Cancel');
    const cancelExamples = panel.getByRole('combobox', { name: 'Examples for cancel' });
    await cancelExamples.click();
    for (const example of ['cancel my appointment', 'I cannot come, please cancel', 'delete my booking']) {
      await page.keyboard.type(example);
      await page.keyboard.press('Enter');
    }
    // the confidence slider, with the keyboard: 40% -> 35%
    const slider = panel.getByRole('slider', { name: 'How sure before choosing an intent' });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe('0.35');

    // try a sentence in the panel: the intent, how sure, and the date found
    const tryBox = panel.getByRole('textbox', { name: 'A message a contact might send' });
    await tryBox.click();
    await page.keyboard.type('please cancel my booking for friday at 2pm');
    await page.keyboard.press('Enter');
    await panel.getByTestId('tried-intent').filter({ hasText: 'cancel' }).waitFor();
    expect(await panel.getByTestId('tried-confidence').innerText()).toMatch(/^\d+% sure$/);
    await panel.getByTestId('tried-entities').getByText('Date').waitFor();
    await screenshot(page, 'ai-intent-panel');
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);

    // the new way out, connected from the panel
    await panel.getByRole('combobox', { name: 'If the contact means “cancel”, go to' }).click();
    await page.getByRole('option', { name: /Cancel reply/ }).click();
    await waitForSaved(page);
    const draft = await getDraft(studio.app, botId);
    const understand = draft.nodes.find((n) => n.id === 'understand')!;
    expect(understand.data).toMatchObject({
      threshold: 0.35,
      intents: [
        { name: 'book', examples: ['I want to book an appointment', 'can I come tomorrow at 3?', 'any free slots on Monday?', 'book me in please'] },
        { name: 'cancel', examples: ['cancel my appointment', 'I cannot come, please cancel', 'delete my booking'] },
      ],
    });
    expect(draft.edges).toContainEqual(expect.objectContaining({ source: 'understand', sourceHandle: 'cancel', target: 'cancelling' }));

    // leave the step and come back: what was typed is still there
    await nodeOfType(page, 'start').click();
    await nodeOfType(page, 'ai_intent').click();
    await panel.getByText('delete my booking').waitFor();

    // and the bot understands, in Try it
    await page.getByRole('tab', { name: 'Try it' }).click();
    const input = page.getByRole('textbox', { name: 'Message to the bot' });
    await input.click();
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'How can I help?' }).waitFor();
    await page.keyboard.type('I need to cancel my appointment');
    await page.keyboard.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Your booking will be cancelled.' }).waitFor();
    await screenshot(page, 'ai-intent-try-it');

    // the model calls show in analytics (the local model spends no tokens)
    await page.goto(`/bots/${botId}/analytics`);
    const usage = page.getByTestId('ai-usage');
    await usage.getByText('model calls').waitFor();
    expect(await usage.getByTestId('ai-calls').innerText()).toBe('1'); // the conversation's one call (the panel's tries are not counted)
    await usage.getByText('Answered by the local model.').waitFor();

    // and the settings say which model answers
    await page.goto(`/bots/${botId}/settings`);
    await page.getByTestId('ai-model-now').getByText('The local model that ships with Botloom').waitFor();
  });

  it('an "Answer with AI" step answers from its knowledge in its panel', async () => {
    const page = await studio.newPage();
    await signIn(page);
    const token = await studio.app.login();
    const replyBot = await createBotViaApi(studio.app, 'FAQ desk');
    const flow = {
      nodes: [node('start', 'start', {}, 0), node('answer', 'ai_reply', { instructions: 'You answer for Sunrise Clinic.' }, 150)],
      edges: [edge('start', 'answer')],
      rev: 0,
    };
    expect((await studio.app.call('PUT', `/api/bots/${replyBot}/flow`, { token, body: flow })).status).toBe(200);
    await openEditor(page, replyBot);
    await nodeOfType(page, 'ai_reply').click();
    const panel = page.getByTestId('node-settings');
    const knowledge = panel.getByRole('textbox', { name: 'Knowledge' });
    await knowledge.click();
    await page.keyboard.type('Q: When are you open?');
    await page.keyboard.press('Enter');
    await page.keyboard.type('A: Monday to Friday, 8am to 6pm.');
    await waitForSaved(page);
    const ask = panel.getByRole('textbox', { name: 'A question a contact might ask' });
    await ask.click();
    await page.keyboard.type('when are you open?');
    await page.keyboard.press('Enter');
    await panel.getByTestId('try-reply-result').getByText('Monday to Friday, 8am to 6pm.').waitFor();
    await panel.getByTestId('try-reply-result').getByText('Quoted from the knowledge').waitFor();
    await panel.getByRole('combobox', { name: 'If it cannot answer, go to' }).waitFor();
    await screenshot(page, 'ai-reply-panel');
    expect((await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});
