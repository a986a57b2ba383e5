// Failures are told where the person is looking: in "Try it" as a line at the point it happened,
// in the inbox as the reason a conversation ended, and in the replay on the step that failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edge, node } from '../support/app-harness';
import { createBotViaApi, nodeOfType, openEditor } from './support/editor-actions';
import { connectTwilio, contactSays, PUBLIC_URL, sentTo, startFakeTwilio, statusCallback, type FakeTwilio } from '../integration/channels-helpers';
import { until } from '../integration/conversations-helpers';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

const WEEKEND_LINE = 'The conversation ended because the ‘false’ exit of “Is it a weekday?” leads nowhere';
const BLOCKED_LINE = 'The step “Check availability” could not call https://10.0.0.5/slots?day=monday: that address is private and blocked for safety';
const FAILURE_EXIT_LINE = 'The conversation ended because the ‘failure’ exit of “Check availability” leads nowhere';

describe('why a conversation stopped', () => {
  let studio: StudioSession;
  let twilio: FakeTwilio;
  let botId: string;
  beforeAll(async () => {
    twilio = await startFakeTwilio();
    studio = await startStudio('e2e-failures', { PUBLIC_URL, TWILIO_API_BASE_URL: twilio.url });
    botId = await createBotViaApi(studio.app, 'Opening hours');
    const token = await studio.app.login();
    // the weekend branch and the webhook's failure exit are left unconnected, as a beginner might
    const flow = {
      nodes: [
        node('start', 'start', {}, 0),
        node('day', 'ask', { question: 'Which day would you like to come?', save_as: 'day', label: 'Ask the day' }, 120),
        node('weekday', 'condition', { label: 'Is it a weekday?', variable: 'state.day', operator: 'in', value: 'monday,tuesday,wednesday,thursday,friday' }, 240),
        node('hook', 'webhook_action', { label: 'Check availability', url: 'https://10.0.0.5/slots?day={{state.day}}', method: 'GET', timeout_ms: 2000 }, 360),
        node('slots', 'send_message', { text: 'Here are the free slots.' }, 480),
      ],
      edges: [edge('start', 'day'), edge('day', 'weekday', 'answered'), edge('weekday', 'hook', 'true'), edge('hook', 'slots', 'success')],
      rev: 0,
    };
    const saved = await studio.app.call('PUT', `/api/bots/${botId}/flow`, { token, body: flow });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  });
  afterAll(async () => {
    await studio?.close();
    await twilio?.close();
  });

  it('says it in Try it, in the inbox and in the replay', async () => {
    const page = await studio.newPage();
    await signIn(page);
    await openEditor(page, botId);
    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByRole('textbox', { name: 'Message to the bot' }).click();
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter');
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Which day would you like to come?' }).waitFor();

    // a weekend answer takes the exit that leads nowhere: the transcript says so, right after the answer
    await page.keyboard.type('saturday');
    await page.keyboard.press('Enter');
    await page.getByTestId('system-line').filter({ hasText: WEEKEND_LINE }).waitFor();
    const log = page.getByRole('log', { name: 'Simulator conversation' });
    expect(await log.locator('[data-testid="sim-contact-message"], [data-testid="sim-bot-message"], [data-testid="system-line"]').allInnerTexts()).toEqual([
      'hello',
      'Which day would you like to come?',
      'saturday',
      WEEKEND_LINE,
    ]);

    // a weekday reaches the webhook, whose private address the safety guard refuses
    await page.getByRole('button', { name: 'Restart the conversation' }).click();
    await expect.poll(() => page.getByTestId('system-line').count()).toBe(0);
    await page.getByTestId('sim-bot-message').filter({ hasText: 'Which day would you like to come?' }).waitFor();
    await page.getByRole('textbox', { name: 'Message to the bot' }).click();
    await page.keyboard.type('monday');
    await page.keyboard.press('Enter');
    await page.getByTestId('system-line').filter({ hasText: FAILURE_EXIT_LINE }).waitFor();
    expect(await page.getByTestId('system-line').allInnerTexts()).toEqual([BLOCKED_LINE, FAILURE_EXIT_LINE]);
    await screenshot(page, 'simulator-failure-reasons');

    // the inbox: each conversation says what it ended on, and the transcript has the same lines
    await page.getByRole('link', { name: 'Live inbox' }).click();
    const rows = page.getByTestId('conversation-row');
    await rows.first().waitFor();
    await expect.poll(() => page.getByTestId('conversation-row-status').allInnerTexts()).toEqual(['Ended: webhook failed', 'Ended: a step leads nowhere']);
    await rows.first().click();
    await page.getByTestId('conversation-status').filter({ hasText: 'Ended: webhook failed' }).waitFor();
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await transcript.getByTestId('system-line').filter({ hasText: BLOCKED_LINE }).waitFor();
    expect(await transcript.getByTestId('system-line').allInnerTexts()).toEqual([BLOCKED_LINE, FAILURE_EXIT_LINE]);
    await screenshot(page, 'inbox-failure-reasons');

    // the replay: a red marker on the step that failed, and the reason when stepping onto it
    await page.getByRole('link', { name: 'Replay on canvas' }).click();
    await page.getByTestId('replay-position').filter({ hasText: '1 / 4' }).waitFor();
    await nodeOfType(page, 'webhook_action').getByTestId('node-problem-marker').waitFor();
    expect(await page.getByTestId('node-problem-marker').count()).toBe(1);
    expect(await page.getByTestId('replay-problem').count()).toBe(0);
    for (const position of ['2 / 4', '3 / 4', '4 / 4']) {
      await page.getByRole('button', { name: 'Next step' }).click();
      await page.getByTestId('replay-position').filter({ hasText: position }).waitFor();
    }
    await page.getByTestId('replay-position').filter({ hasText: 'Check availability' }).waitFor();
    expect(await page.getByTestId('replay-problem').allInnerTexts()).toEqual([BLOCKED_LINE, FAILURE_EXIT_LINE]);
    await screenshot(page, 'replay-failure-reason');
    // stepping back off the failed step hides the reason again
    await page.getByRole('button', { name: 'Previous step' }).click();
    await page.getByTestId('replay-position').filter({ hasText: '3 / 4' }).waitFor();
    expect(await page.getByTestId('replay-problem').count()).toBe(0);
  });

  it('says in the inbox, as it happens, that the provider could not deliver a message', async () => {
    const token = await studio.app.login();
    const api = { app: studio.app, token };
    const smsBot = await createBotViaApi(studio.app, 'Visit reminders');
    const flow = { nodes: [node('start', 'start', {}, 0), node('remind', 'send_message', { text: 'Your visit is tomorrow at 10:00.' }, 120)], edges: [edge('start', 'remind')], rev: 0 };
    expect((await studio.app.call('PUT', `/api/bots/${smsBot}/flow`, { token, body: flow })).status).toBe(200);
    expect((await studio.app.call('POST', `/api/bots/${smsBot}/publish`, { token })).status).toBe(201);
    await connectTwilio(api, smsBot);
    const number = '+15551230001';
    await contactSays(api, smsBot, number, 'hi');
    const [sent] = await until('the reminder to reach Twilio', async () => sentTo(twilio, number).length > 0 && sentTo(twilio, number));

    const page = await studio.newPage();
    await signIn(page);
    await page.goto(`/bots/${smsBot}/inbox`);
    await page.getByTestId('conversation-row').filter({ hasText: number }).click();
    await page.getByTestId('transcript-bot').filter({ hasText: 'Your visit is tomorrow at 10:00.' }).waitFor();
    expect(await page.getByTestId('system-line').count()).toBe(0);

    // the carrier reports the message undelivered: the line appears under it without a reload
    expect(await statusCallback(api, smsBot, sent!.sid, 'undelivered', '30003')).toBeLessThan(300);
    await page.getByTestId('system-line').filter({ hasText: 'Not delivered: the phone is unreachable or the number does not exist' }).waitFor();
    await page.getByTestId('transcript-bot').filter({ hasText: 'undelivered' }).waitFor();
    await screenshot(page, 'inbox-undelivered');
  });
});
