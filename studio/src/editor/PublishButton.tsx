// Publishing makes the saved draft the live version. Disabled while the flow has errors; the
// server's own refusal (422) is shown too.
import { Button, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRocket } from '@tabler/icons-react';
import { useState } from 'react';
import { flowApi } from '../api/botloom-api';
import { ApiError, describeError } from '../api/http';
import { publishBlockers } from '../store/attach-validation';
import { useFlowStore, useFlowStoreApi } from '../store/flow-store-context';
import type { Autosave } from './autosave';

export function PublishButton({ autosave, onPublished }: { autosave: Autosave; onPublished: (version: number) => void }) {
  const store = useFlowStoreApi();
  const blockers = useFlowStore(publishBlockers);
  const conflict = useFlowStore((s) => s.save.status === 'conflict');
  const [busy, setBusy] = useState(false);

  const publish = async () => {
    setBusy(true);
    try {
      await autosave.flush();
      const { save, botId } = store.getState();
      if (save.status !== 'saved') throw new Error(save.message ?? 'The draft could not be saved, so it was not published');
      const version = await flowApi.publish(botId);
      const warnings = version.warnings ?? [];
      notifications.show({
        color: 'teal',
        title: `Version ${version.version} is live`,
        message:
          warnings.length > 0
            ? `Published with ${warnings.length} warning(s): ${warnings[0]?.message}`
            : 'New conversations use it from now on.',
      });
      onPublished(version.version);
    } catch (err) {
      const details = err instanceof ApiError && err.status === 422 ? 'The server found problems: ' : '';
      notifications.show({ color: 'red', title: 'Not published', message: details + describeError(err), autoClose: 12000 });
    } finally {
      setBusy(false);
    }
  };

  const disabled = blockers > 0 || conflict;
  const reason = conflict ? 'Reload first: the bot was changed elsewhere' : `Fix ${blockers} problem${blockers === 1 ? '' : 's'} first`;
  return (
    <Tooltip label={reason} disabled={!disabled}>
      <span>
        <Button
          leftSection={<IconRocket size={16} />}
          onClick={() => void publish()}
          loading={busy}
          disabled={disabled}
          data-testid="publish"
        >
          Publish
        </Button>
      </span>
    </Tooltip>
  );
}
