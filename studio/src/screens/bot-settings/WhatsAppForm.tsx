// The WhatsApp Cloud API: phone number, secrets (sealed by the server) and Meta's callback URL.
import { Alert, Badge, Group, PasswordInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { channelsApi } from '../../api/botloom-api';
import type { BotChannels } from '../../api/types';
import { ChannelActions, CopyField, saved, useChannelForm } from './channel-form-parts';

export function WhatsAppForm({
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
  const current = channels.whatsapp.connected ? channels.whatsapp : null;
  const [phoneNumberId, setPhoneNumberId] = useState(current?.phoneNumberId ?? '');
  const [wabaId, setWabaId] = useState(current?.wabaId ?? '');
  const [accessToken, setAccessToken] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [verifyToken, setVerifyToken] = useState('');
  const form = useChannelForm('WhatsApp Cloud API');
  const { errors, general, busy } = form;

  const submit = (event: FormEvent) =>
    form.submit(event, async () => {
      const next = await channelsApi.saveWhatsApp(botId, {
        phoneNumberId: phoneNumberId.trim(),
        accessToken,
        appSecret,
        verifyToken,
        ...(wabaId.trim() ? { wabaId: wabaId.trim() } : {}),
      });
      setAccessToken('');
      setAppSecret('');
      setVerifyToken('');
      onChange(next);
    });

  const disconnect = () =>
    form.disconnect(async () => {
      await channelsApi.removeWhatsApp(botId);
      onChange({ ...channels, whatsapp: { connected: false } });
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
    <form onSubmit={(e) => void submit(e)} aria-label="WhatsApp Cloud API">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            WhatsApp Cloud API (Meta)
          </Title>
          <Badge color={current ? 'teal' : 'gray'} c={current ? 'teal.9' : 'gray.8'} variant="light">
            {current ? 'Connected' : 'Not connected'}
          </Badge>
        </Group>
        {general && (
          <Alert color="red" variant="light" role="alert">
            {general}
          </Alert>
        )}
        <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Phone number ID"
              required
              value={phoneNumberId}
              onChange={(e) => setPhoneNumberId(e.currentTarget.value)}
              error={errors.phoneNumberId}
            />
            <TextInput
              label="WhatsApp Business Account ID"
              description="Optional"
              value={wabaId}
              onChange={(e) => setWabaId(e.currentTarget.value)}
              error={errors.wabaId}
            />
            {secret('Access token', 'accessToken', accessToken, setAccessToken, current?.accessToken)}
            {secret('App secret', 'appSecret', appSecret, setAppSecret, current?.appSecret)}
            {secret('Verify token', 'verifyToken', verifyToken, setVerifyToken, current?.verifyToken)}
          </SimpleGrid>
        </fieldset>
        <ChannelActions
          provider="WhatsApp"
          connected={current !== null}
          busy={busy}
          canEdit={canEdit}
          confirmTitle="Disconnect the WhatsApp Cloud API?"
          confirmText="The bot stops sending and receiving WhatsApp messages through Meta. The saved credentials are deleted."
          onDisconnect={disconnect}
        />
        <CopyField label="Meta webhook callback URL" value={channels.webhookUrls.whatsapp} />
      </Stack>
    </form>
  );
}
