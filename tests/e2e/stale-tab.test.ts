// Two tabs on one bot: the second save with an old revision is refused (409), the editor says
// so, stops autosaving, and reloading brings the other tab's work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotViaApi, dragFromPalette, getDraft, nodeOfType, openEditor, waitForSaved } from './support/editor-actions';
import { screenshot, signIn, startStudio, type StudioSession } from './support/studio-browser';

describe('a stale tab', () => {
  let studio: StudioSession;
  beforeAll(async () => {
    studio = await startStudio('e2e-stale');
  });
  afterAll(async () => studio?.close());

  it('is refused, told to reload, and gets the other tab’s work when it does', async () => {
    const botId = await createBotViaApi(studio.app, 'Two tabs');
    const first = await studio.newPage();
    await signIn(first);
    const second = await first.context().newPage();
    await openEditor(first, botId);
    await openEditor(second, botId);

    await dragFromPalette(first, 'send_message', 560, 200);
    await waitForSaved(first);
    await dragFromPalette(second, 'end', 560, 400);

    await second.getByTestId('conflict-banner').waitFor();
    await second.locator('[data-save-status="conflict"]').waitFor();
    expect(await second.getByTestId('publish').isDisabled()).toBe(true);
    await screenshot(second, 'editor-stale-tab');
    // the refused save did not overwrite the first tab's work
    expect((await getDraft(studio.app, botId)).nodes.map((n) => n.type).sort()).toEqual(['send_message', 'start']);

    await second.getByRole('button', { name: 'Reload' }).click();
    await nodeOfType(second, 'send_message').waitFor();
    await expect.poll(() => second.getByTestId('conflict-banner').count()).toBe(0);
    expect(await nodeOfType(second, 'end').count()).toBe(0);
  });
});
