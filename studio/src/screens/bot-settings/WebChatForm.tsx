// The web chat: on or off, which sites may embed it (one origin a line; none: any site), its
// heading, and the snippet to paste into a site. Only admins change it; everyone can copy the snippet.
import { Alert, Anchor, Badge, Button, Group, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { channelsApi } from '../../api/botloom-api';
import type { BotChannels } from '../../api/types';
import { CopyField, splitErrors, type FieldErrors } from './channel-form-parts';

export function WebChatForm({ botId, channels, canEdit, onChange }: { botId: string; channels: BotChannels; canEdit: boolean; onChange: (c: BotChannels) => void }) {
  const current = channels.webchat;
  const [enabled, setEnabled] = useState(current.enabled);
  const [origins, setOrigins] = useState(current.allowedOrigins.join('\n'));
  const [title, setTitle] = useState(current.title);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      const allowedOrigins = [...new Set(origins.split(/[\s,]+/).map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean))];
      onChange(await channelsApi.saveWebChat(botId, { enabled, allowedOrigins, title: title.trim() }));
      notifications.show({ color: 'teal', message: 'Web chat settings saved' });
    } catch (err) {
      const split = splitErrors(err);
      setErrors(split.fields);
      setGeneral(split.general);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Web chat">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Web chat
          </Title>
          <Badge color={current.enabled ? 'teal' : 'gray'} c={current.enabled ? 'teal.9' : 'gray.8'} variant="light">
            {current.enabled ? 'On' : 'Off'}
          </Badge>
        </Group>
        <Text size="sm" c="gray.7">
          A chat window for your website, answered by the published bot. Paste the snippet before the closing {'</body>'} tag
          of your pages.
        </Text>
        {general && (
          <Alert color="red" variant="light" role="alert">
            {general}
          </Alert>
        )}
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="sm">
            <Switch label="Web chat is on" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
            <TextInput label="Heading" description="Shown at the top of the chat window (default: the bot's name)" maxLength={60} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} />
            <Textarea
              label="Sites that may embed the chat"
              description="One address a line, like https://www.example.com. Leave empty to allow any site."
              autosize
              minRows={2}
              value={origins}
              onChange={(e) => setOrigins(e.currentTarget.value)}
              error={errors.allowedOrigins}
            />
          </Stack>
        </fieldset>
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Save web chat
            </Button>
          </Group>
        )}
        <CopyField label="Embed snippet" value={current.snippet} />
        <Text size="sm">
          Or link to the hosted chat page:{' '}
          <Anchor href={current.pageUrl} target="_blank" rel="noopener noreferrer">
            {current.pageUrl}
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
