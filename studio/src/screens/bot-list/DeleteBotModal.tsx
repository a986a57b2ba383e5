import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotSummary } from '../../api/types';

export function DeleteBotModal({ bot, onClose, onDeleted }: { bot: BotSummary | null; onClose: () => void; onDeleted: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    if (!bot) return;
    setBusy(true);
    try {
      await botsApi.remove(bot.id);
      onDeleted();
      onClose();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={bot !== null} onClose={onClose} title="Delete this bot?">
      <Stack>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        <Text>
          <b>{bot?.name}</b> and all its versions will be deleted. Contacts will no longer get answers from it. This cannot be undone.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Keep it
          </Button>
          <Button color="red" loading={busy} onClick={() => void confirm()}>
            Delete bot
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
