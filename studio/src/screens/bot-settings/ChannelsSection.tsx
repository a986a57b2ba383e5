// Where the bot talks: Twilio (SMS and/or WhatsApp senders), the WhatsApp Cloud API, Messenger and the web chat. Secrets are
// never sent back by the server (only masked) and never prefilled; only admins can change them.
import { Alert, Card, Divider, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { channelsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotChannels } from '../../api/types';
import { useCan } from '../../app/permissions';
import { LoadingState } from '../../components/LoadingState';
import { TwilioForm } from './TwilioForm';
import { WhatsAppForm } from './WhatsAppForm';
import { MessengerForm } from './MessengerForm';
import { WebChatForm } from './WebChatForm';

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
            <Divider />
            <MessengerForm key={`m${version}`} botId={botId} channels={channels} canEdit={canEdit} onChange={changed} />
            <Divider />
            <WebChatForm key={`c${version}`} botId={botId} channels={channels} canEdit={canEdit} onChange={changed} />
          </>
        )}
      </Stack>
    </Card>
  );
}
