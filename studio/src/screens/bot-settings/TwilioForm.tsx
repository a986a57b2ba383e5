// Twilio: SMS and/or WhatsApp senders, pacing, and the webhook URLs to paste into Twilio.
import { Alert, Badge, Group, NumberInput, PasswordInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { channelsApi } from '../../api/botloom-api';
import type { BotChannels } from '../../api/types';
import { ChannelActions, CopyField, saved, useChannelForm } from './channel-form-parts';

export function TwilioForm({
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
  const current = channels.twilio.connected ? channels.twilio : null;
  const [accountSid, setAccountSid] = useState(current?.accountSid ?? '');
  const [authToken, setAuthToken] = useState('');
  const [from, setFrom] = useState(current?.from ?? '');
  const [whatsappFrom, setWhatsappFrom] = useState(current?.whatsappFrom ?? '');
  const [smsPerSecond, setSmsPerSecond] = useState<number | string>(current?.smsPerSecond ?? 1);
  const [whatsappPerSecond, setWhatsappPerSecond] = useState<number | string>(current?.whatsappPerSecond ?? 10);
  const form = useChannelForm('Twilio');
  const { errors, general, busy } = form;

  const submit = (event: FormEvent) =>
    form.submit(event, async () => {
      const next = await channelsApi.saveTwilio(botId, {
        accountSid: accountSid.trim(),
        authToken,
        from: from.trim(),
        whatsappFrom: whatsappFrom.trim(),
        ...(typeof smsPerSecond === 'number' ? { smsPerSecond } : {}),
        ...(typeof whatsappPerSecond === 'number' ? { whatsappPerSecond } : {}),
      });
      setAuthToken('');
      onChange(next);
    });

  const disconnect = () =>
    form.disconnect(async () => {
      await channelsApi.removeTwilio(botId);
      onChange({ ...channels, twilio: { connected: false } });
    });

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Twilio">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Twilio (SMS and WhatsApp)
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
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Account SID"
                placeholder="AC…"
                required
                value={accountSid}
                onChange={(e) => setAccountSid(e.currentTarget.value)}
                error={errors.accountSid}
              />
              <PasswordInput
                label="Auth token"
                required
                autoComplete="new-password"
                placeholder={current ? 'Enter it again to save changes' : undefined}
                description={saved(current?.authToken)}
                value={authToken}
                onChange={(e) => setAuthToken(e.currentTarget.value)}
                error={errors.authToken}
              />
              <TextInput
                label="SMS sender"
                description="A phone number (+15551234567) or a Messaging Service SID"
                required
                value={from}
                onChange={(e) => setFrom(e.currentTarget.value)}
                error={errors.from}
              />
              <TextInput
                label="WhatsApp sender"
                description="Optional: whatsapp:+15551234567"
                value={whatsappFrom}
                onChange={(e) => setWhatsappFrom(e.currentTarget.value)}
                error={errors.whatsappFrom}
              />
              <NumberInput
                label="SMS per second"
                min={0.1}
                max={1000}
                decimalScale={2}
                value={smsPerSecond}
                onChange={setSmsPerSecond}
                error={errors.smsPerSecond}
              />
              <NumberInput
                label="WhatsApp messages per second"
                min={0.1}
                max={1000}
                decimalScale={2}
                value={whatsappPerSecond}
                onChange={setWhatsappPerSecond}
                error={errors.whatsappPerSecond}
              />
            </SimpleGrid>
          </Stack>
        </fieldset>
        <ChannelActions
          provider="Twilio"
          connected={current !== null}
          busy={busy}
          canEdit={canEdit}
          confirmTitle="Disconnect Twilio?"
          confirmText="The bot stops sending and receiving SMS and WhatsApp messages through Twilio. The saved credentials are deleted."
          onDisconnect={disconnect}
        />
        <CopyField label="Twilio incoming messages webhook" value={channels.webhookUrls.twilioMessages} />
        <CopyField label="Twilio status callback" value={channels.webhookUrls.twilioStatus} />
      </Stack>
    </form>
  );
}
