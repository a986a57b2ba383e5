// All bots: open, create (blank or from a template), rename, duplicate, delete.
import { Button, Card, Container, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconRobot } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotSummary } from '../../api/types';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { BotCard } from './BotCard';
import { CreateBotModal } from './CreateBotModal';
import { DeleteBotModal } from './DeleteBotModal';
import { RenameBotModal } from './RenameBotModal';
import { useBots } from './use-bots';

export function BotListScreen() {
  const { bots, templates, error, reload } = useBots();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<BotSummary | null>(null);
  const [deleting, setDeleting] = useState<BotSummary | null>(null);

  const duplicate = async (bot: BotSummary) => {
    try {
      const copy = await botsApi.duplicate(bot.id);
      notifications.show({ color: 'teal', message: `Made "${copy.name}"` });
      await reload();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not duplicate the bot', message: describeError(err) });
    }
  };

  return (
    <Container size="lg" component="main">
      <Group justify="space-between" mb="lg">
        <div>
          <Title order={1} size="h2">
            Your bots
          </Title>
          <Text c="gray.7">Each bot is a conversation you draw once and run on WhatsApp and SMS.</Text>
        </div>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
          New bot
        </Button>
      </Group>

      {error && <ErrorState title="Could not load your bots" message={error} onRetry={() => void reload()} />}
      {!error && bots === null && <LoadingState label="Loading your bots…" />}
      {bots && bots.length === 0 && (
        <Card withBorder padding="xl" radius="lg">
          <Stack align="center" gap="sm" py="xl">
            <ThemeIcon size={56} radius="xl" variant="light" aria-hidden>
              <IconRobot size={32} />
            </ThemeIcon>
            <Title order={2} size="h4">
              No bots yet
            </Title>
            <Text c="gray.7" ta="center" maw={420}>
              Start from a template such as appointment booking, or from a blank canvas.
            </Text>
            <Button onClick={() => setCreating(true)} leftSection={<IconPlus size={18} />}>
              Create your first bot
            </Button>
          </Stack>
        </Card>
      )}
      {bots && bots.length > 0 && (
        <SimpleGrid
          cols={{ base: 1, sm: 2, md: 3 }}
          spacing="md"
          component="ul"
          style={{ listStyle: 'none', padding: 0 }}
          aria-label="Bots"
        >
          {bots.map((bot) => (
            <li key={bot.id}>
              <BotCard bot={bot} onRename={setRenaming} onDuplicate={(b) => void duplicate(b)} onDelete={setDeleting} />
            </li>
          ))}
        </SimpleGrid>
      )}

      <CreateBotModal
        opened={creating}
        templates={templates}
        onClose={() => setCreating(false)}
        onCreated={(bot) => {
          setCreating(false);
          void navigate(`/bots/${bot.id}`);
        }}
      />
      <RenameBotModal bot={renaming} onClose={() => setRenaming(null)} onRenamed={() => void reload()} />
      <DeleteBotModal bot={deleting} onClose={() => setDeleting(null)} onDeleted={() => void reload()} />
    </Container>
  );
}
