import { Button, Card, Group, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotDetail } from '../../api/types';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';

export function BotDetailsForm({ bot, onSaved }: { bot: BotDetail; onSaved: (bot: BotDetail) => void }) {
  const [name, setName] = useState(bot.name);
  const [timezone, setTimezone] = useState(bot.timezone);
  const [helpText, setHelpText] = useState(bot.helpText);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await botsApi.update(bot.id, { name: name.trim(), timezone, helpText });
      onSaved({ ...bot, name: name.trim(), timezone, helpText });
      notifications.show({ color: 'teal', message: 'Settings saved' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not save the settings', message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="bot-details-title">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Title order={2} size="h4" id="bot-details-title">
            Bot
          </Title>
          <TextInput label="Name" required maxLength={120} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TimeZoneSelect
            value={timezone}
            onChange={setTimezone}
            description="The bot's own time zone, used when a contact's is unknown."
          />
          <Textarea
            label="Help text"
            description="Sent when a contact writes HELP."
            maxLength={1000}
            autosize
            minRows={2}
            value={helpText}
            onChange={(e) => setHelpText(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy} disabled={name.trim() === ''}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
