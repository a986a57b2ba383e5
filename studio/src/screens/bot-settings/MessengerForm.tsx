// A Facebook page through Meta's Messenger Platform: the page id, secrets (sealed by the server)
// and the callback URL to paste into the Meta app's Messenger webhook settings.
import { Alert, Badge, Group, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { channelsApi } from '../../api/botloom-api';
import type { BotChannels } from '../../api/types';
import { ChannelActions, CopyField, saved, useChannelForm } from './channel-form-parts';

export function MessengerForm({
  botId,
  channels,
  canEdit,
  onChange,
}: {
  botId: string;
  channels: BotChannels;
  canEdit: boolean;
  onChange: (c: BotChannels) => void;
}) {
  const current = channels.messenger.connected ? channels.messenger : null;
  const [pageId, setPageId] = useState(current?.pageId ?? '');
  const [pageAccessToken, setPageAccessToken] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [verifyToken, setVerifyToken] = useState('');
  const form = useChannelForm('Messenger');
  const { errors, general, busy } = form;

  const submit = (event: FormEvent) =>
    form.submit(event, async () => {
      const next = await channelsApi.saveMessenger(botId, { pageId: pageId.trim(), pageAccessToken, appSecret, verifyToken });
      setPageAccessToken('');
      setAppSecret('');
      setVerifyToken('');
      onChange(next);
    });

  const disconnect = () =>
    form.disconnect(async () => {
      await channelsApi.removeMessenger(botId);
      onChange({ ...channels, messenger: { connected: false } });
    });

  const secret = (label: string, name: string, value: string, set: (v: string) => void, masked?: string) => (
    <PasswordInput
      label={label}
      required
      autoComplete="new-password"
      placeholder={masked ? 'Enter it again to save changes' : undefined}
      description={saved(masked)}
      value={value}
      onChange={(e) => set(e.currentTarget.value)}
      error={errors[name]}
    />
  );

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Facebook Messenger">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Facebook Messenger
          </Title>
          <Badge color={current ? 'teal' : 'gray'} c={current ? 'teal.9' : 'gray.8'} variant="light">
            {current ? 'Connected' : 'Not connected'}
          </Badge>
        </Group>
        <Text size="sm" c="gray.7">
          The bot answers people who message your Facebook page. Choices show as quick replies (up to 13, labels up to 20
          characters); more than 24 hours after someone last wrote, Messenger lets the page send nothing.
        </Text>
        {general && (
          <Alert color="red" variant="light" role="alert">
            {general}
          </Alert>
        )}
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Page ID" required value={pageId} onChange={(e) => setPageId(e.currentTarget.value)} error={errors.pageId} />
            {secret('Page access token', 'pageAccessToken', pageAccessToken, setPageAccessToken, current?.pageAccessToken)}
            {secret('App secret', 'appSecret', appSecret, setAppSecret, current?.appSecret)}
            {secret('Verify token', 'verifyToken', verifyToken, setVerifyToken, current?.verifyToken)}
          </SimpleGrid>
        </fieldset>
        <ChannelActions
          provider="Messenger"
          connected={current !== null}
          busy={busy}
          canEdit={canEdit}
          confirmTitle="Disconnect Messenger?"
          confirmText="The bot stops answering messages to the Facebook page. The saved credentials are deleted."
          onDisconnect={disconnect}
        />
        <CopyField label="Messenger webhook callback URL" value={channels.webhookUrls.messenger} />
      </Stack>
    </form>
  );
}
