// Leaving the editor (the back arrow, the inbox or settings button, any link) while something is
// not yet stored asks first: save and leave, or stay. If saving fails, it says so and offers to
// stay, so work is never thrown away without a word. Closing or reloading the tab is covered by
// autosave's beforeunload prompt. The studio uses a plain BrowserRouter (no useBlocker), so links
// are caught on their way to the router: a capturing click listener on the document.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useFlowStoreApi } from '../store/flow-store-context';
import type { Autosave } from './autosave';

type Step = { kind: 'ask'; to: string } | { kind: 'saving'; to: string } | { kind: 'failed'; to: string; message: string };

/** The in-app destination of a click on a link, or null when the click is not a plain in-app navigation. */
function inAppTarget(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download') || (link.target && link.target !== '_self')) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  const to = url.pathname + url.search + url.hash;
  return to === window.location.pathname + window.location.search + window.location.hash ? null : to;
}

const FAILED = new Set(['error', 'blocked', 'conflict']);

const asSentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export function LeaveGuard({ autosave }: { autosave: Autosave }) {
  const store = useFlowStoreApi();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step | null>(null);

  const failure = useCallback(() => {
    const { status, message } = store.getState().save;
    return FAILED.has(status) ? (message ?? 'The server did not accept the last save.') : null;
  }, [store]);

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const to = inAppTarget(event);
      if (to === null || !autosave.hasUnsavedWork()) return;
      event.preventDefault();
      event.stopPropagation();
      const failed = failure();
      setStep(failed ? { kind: 'failed', to, message: failed } : { kind: 'ask', to });
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [autosave, failure]);

  const saveAndLeave = async (to: string) => {
    setStep({ kind: 'saving', to });
    await autosave.flush();
    if (!autosave.hasUnsavedWork()) {
      setStep(null);
      navigate(to);
      return;
    }
    setStep({ kind: 'failed', to, message: failure() ?? 'Your latest changes could not be saved yet.' });
  };

  const stay = () => setStep(null);
  const failed = step?.kind === 'failed';
  return (
    <Modal opened={step !== null} onClose={stay} title={failed ? 'Your changes were not saved' : 'You have unsaved changes…'} data-testid="leave-guard">
      <Stack>
        {failed ? (
          <Text size="sm">
            Saving failed: {asSentence(step.message)} If you leave now, your latest changes are lost. Stay to keep them in this tab.
          </Text>
        ) : (
          <Text size="sm">Your latest changes are not saved yet. Save them before leaving this flow?</Text>
        )}
        <Group justify="flex-end">
          <Button variant={failed ? 'filled' : 'default'} onClick={stay} data-autofocus>
            Stay
          </Button>
          {failed ? (
            <Button
              color="red"
              variant="light"
              onClick={() => {
                const to = step.to;
                setStep(null);
                navigate(to);
              }}
            >
              Leave without saving
            </Button>
          ) : (
            <Button loading={step?.kind === 'saving'} onClick={() => step && void saveAndLeave(step.to)}>
              Save and leave
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
