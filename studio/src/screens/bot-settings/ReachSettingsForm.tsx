// Who the bot answers, and when it may write first: answer registered numbers only (with the words
// of the one refusal others get), and the quiet hours reminders respect in each contact's own zone.
import { Button, Card, Group, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotDetail } from '../../api/types';

const DEFAULT_REFUSAL = 'Sorry, we can only reply to numbers registered with us. Please get in touch with us to be added.';

export function ReachSettingsForm({ bot, onSaved }: { bot: BotDetail; onSaved: (bot: BotDetail) => void }) {
  const [registeredOnly, setRegisteredOnly] = useState(bot.registeredOnly ?? false);
  const [refusal, setRefusal] = useState(bot.registeredOnlyText ?? '');
  const [quietStart, setQuietStart] = useState(bot.quietHours?.start ?? '21:00');
  const [quietEnd, setQuietEnd] = useState(bot.quietHours?.end ?? '08:00');
  const [busy, setBusy] = useState(false);
  const noMinuteFree = quietStart !== '' && quietStart === quietEnd;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const quietHours = { start: quietStart, end: quietEnd };
      await botsApi.update(bot.id, { registeredOnly, registeredOnlyText: refusal, quietHours });
      onSaved({ ...bot, registeredOnly, registeredOnlyText: refusal, quietHours });
      notifications.show({ color: 'teal', message: 'Settings saved' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not save the settings', message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="reach-title">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          <Title order={2} size="h4" id="reach-title">
            Who the bot answers, and when it writes first
          </Title>
          <Switch
            label="Answer registered numbers only"
            description="Only contacts added on the Contacts screen (by hand, by import, or booked by staff) are answered. Anyone else gets the message below once, and no flow. The simulator is never refused."
            checked={registeredOnly}
            onChange={(e) => setRegisteredOnly(e.currentTarget.checked)}
          />
          {registeredOnly && (
            <Textarea
              label="Message to unregistered numbers"
              description="Sent once to each. Empty: the standard message shown."
              placeholder={DEFAULT_REFUSAL}
              maxLength={1000}
              autosize
              minRows={2}
              value={refusal}
              onChange={(e) => setRefusal(e.currentTarget.value)}
            />
          )}
          <div>
            <Text size="sm" fw={500}>
              Quiet hours
            </Text>
            <Text size="xs" c="gray.7" mb={4}>
              Nothing is sent first in this span, in each contact's own time zone (the bot's when unknown). A reminder due in it goes at the last
              minute before.
            </Text>
            <Group>
              <TextInput type="time" label="Quiet from" required value={quietStart} onChange={(e) => setQuietStart(e.currentTarget.value)} w={140} />
              <TextInput type="time" label="Until" required value={quietEnd} onChange={(e) => setQuietEnd(e.currentTarget.value)} w={140} error={noMinuteFree ? 'Leaves no minute to send in' : undefined} />
            </Group>
          </div>
          <Group justify="flex-end">
            <Button type="submit" loading={busy} disabled={noMinuteFree || !quietStart || !quietEnd}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
