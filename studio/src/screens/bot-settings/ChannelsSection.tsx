// Where the bot talks: Twilio (SMS and/or WhatsApp senders) and the WhatsApp Cloud API. Secrets are
// never sent back by the server (only masked) and never prefilled; only admins can change them.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  CopyButton,
  Divider,
  Group,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { channelsApi } from '../../api/botloom-api';
import { ApiError, describeError } from '../../api/http';
import type { BotChannels } from '../../api/types';
import { useCan } from '../../app/permissions';
import { ConfirmModal } from '../../components/ConfirmModal';
import { LoadingState } from '../../components/LoadingState';

type FieldErrors = Record<string, string>;

/** A 422's errors by field name (the first segment of each JSON pointer); the rest as one message. */
function splitErrors(err: unknown): { fields: FieldErrors; general: string | null } {
  if (err instanceof ApiError && err.status === 422 && err.body.errors?.length) {
    const fields: FieldErrors = {};
    const rest: string[] = [];
    for (const e of err.body.errors) {
      const name = e.path.split('/').filter(Boolean)[0];
      if (name && !fields[name]) fields[name] = e.message;
      else if (!name) rest.push(e.message);
    }
    return { fields, general: rest.length > 0 ? rest.join('; ') : Object.keys(fields).length === 0 ? err.message : null };
  }
  return { fields: {}, general: describeError(err) };
}

function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy ${label}`}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

const saved = (masked: string | undefined) => (masked ? `saved: ${masked}` : undefined);

function TwilioForm({
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
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
      notifications.show({ color: 'teal', message: 'Twilio connected' });
    } catch (err) {
      const split = splitErrors(err);
      setErrors(split.fields);
      setGeneral(split.general);
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    try {
      await channelsApi.removeTwilio(botId);
      setConfirming(false);
      onChange({ ...channels, twilio: { connected: false } });
      notifications.show({ message: 'Twilio disconnected' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not disconnect Twilio', message: describeError(err) });
    }
  };

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
        {canEdit && (
          <Group justify="flex-end">
            {current && (
              <Button variant="subtle" color="red" onClick={() => setConfirming(true)}>
                Disconnect Twilio
              </Button>
            )}
            <Button type="submit" loading={busy}>
              {current ? 'Save Twilio' : 'Connect Twilio'}
            </Button>
          </Group>
        )}
        <CopyField label="Twilio incoming messages webhook" value={channels.webhookUrls.twilioMessages} />
        <CopyField label="Twilio status callback" value={channels.webhookUrls.twilioStatus} />
      </Stack>
      <ConfirmModal
        opened={confirming}
        title="Disconnect Twilio?"
        confirmLabel="Disconnect"
        onClose={() => setConfirming(false)}
        onConfirm={disconnect}
      >
        The bot stops sending and receiving SMS and WhatsApp messages through Twilio. The saved credentials are deleted.
      </ConfirmModal>
    </form>
  );
}

function WhatsAppForm({
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
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
      notifications.show({ color: 'teal', message: 'WhatsApp Cloud API connected' });
    } catch (err) {
      const split = splitErrors(err);
      setErrors(split.fields);
      setGeneral(split.general);
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    try {
      await channelsApi.removeWhatsApp(botId);
      setConfirming(false);
      onChange({ ...channels, whatsapp: { connected: false } });
      notifications.show({ message: 'WhatsApp Cloud API disconnected' });
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not disconnect WhatsApp', message: describeError(err) });
    }
  };

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
        {canEdit && (
          <Group justify="flex-end">
            {current && (
              <Button variant="subtle" color="red" onClick={() => setConfirming(true)}>
                Disconnect WhatsApp
              </Button>
            )}
            <Button type="submit" loading={busy}>
              {current ? 'Save WhatsApp' : 'Connect WhatsApp'}
            </Button>
          </Group>
        )}
        <CopyField label="Meta webhook callback URL" value={channels.webhookUrls.whatsapp} />
      </Stack>
      <ConfirmModal
        opened={confirming}
        title="Disconnect the WhatsApp Cloud API?"
        confirmLabel="Disconnect"
        onClose={() => setConfirming(false)}
        onConfirm={disconnect}
      >
        The bot stops sending and receiving WhatsApp messages through Meta. The saved credentials are deleted.
      </ConfirmModal>
    </form>
  );
}

export function ChannelsSection({ botId }: { botId: string }) {
  const canEdit = useCan('channels:write');
  const [channels, setChannels] = useState<BotChannels | null>(null);
  const [error, setError] = useState<string | null>(null);
  // remounts the forms after a save or disconnect, so they show what the server has
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    try {
      setChannels(await channelsApi.get(botId));
    } catch (err) {
      setError(describeError(err));
    }
  }, [botId]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = (next: BotChannels) => {
    setChannels(next);
    setVersion((v) => v + 1);
  };

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="channels-title">
      <Stack>
        <div>
          <Title order={2} size="h4" id="channels-title">
            Channels
          </Title>
          <Text size="sm" c="gray.7">
            Where the bot talks to contacts. Paste the webhook URLs below into Twilio or Meta.
            {!canEdit && ' Only admins can change these.'}
          </Text>
        </div>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        {!channels && !error && <LoadingState label="Loading channels…" />}
        {channels && (
          <>
            <TwilioForm key={`t${version}`} botId={botId} channels={channels} canEdit={canEdit} onChange={changed} />
            <Divider />
            <WhatsAppForm key={`w${version}`} botId={botId} channels={channels} canEdit={canEdit} onChange={changed} />
          </>
        )}
      </Stack>
    </Card>
  );
}
