// A bot's settings: its name, time zone and help text, who it answers and its quiet hours, its
// channels, and the calendars it can book (with their reminders).
import { Anchor, Breadcrumbs, Container, Stack, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotDetail } from '../../api/types';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { AiModelSection } from './AiModelSection';
import { BotDetailsForm } from './BotDetailsForm';
import { ChannelsSection } from './ChannelsSection';
import { ReachSettingsForm } from './ReachSettingsForm';
import { ResourcesSection } from './ResourcesSection';

export function BotSettingsScreen() {
  const { botId = '' } = useParams();
  const [bot, setBot] = useState<BotDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setBot(await botsApi.get(botId));
    } catch (err) {
      setError(describeError(err));
    }
  }, [botId]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorState title="Could not load this bot" message={error} onRetry={() => void load()} />;
  if (!bot) return <LoadingState label="Loading settings…" />;
  return (
    <Container size="md" component="main">
      <Stack gap="lg">
        <Breadcrumbs>
          <Anchor component={Link} to="/">
            Bots
          </Anchor>
          <Anchor component={Link} to={`/bots/${bot.id}`}>
            {bot.name}
          </Anchor>
        </Breadcrumbs>
        <Title order={1} size="h2">
          Settings of {bot.name}
        </Title>
        <BotDetailsForm bot={bot} onSaved={setBot} />
        <ReachSettingsForm bot={bot} onSaved={setBot} />
        <ChannelsSection botId={bot.id} />
        <AiModelSection botId={bot.id} />
        <ResourcesSection botId={bot.id} defaultTimezone={bot.timezone} />
      </Stack>
    </Container>
  );
}
