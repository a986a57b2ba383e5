import { ActionIcon, Badge, Button, Card, Group, Menu, Text } from '@mantine/core';
import { IconCopy, IconDots, IconInbox, IconPencil, IconSettings, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { BotSummary } from '../../api/types';

interface Props {
  bot: BotSummary;
  onRename: (bot: BotSummary) => void;
  onDuplicate: (bot: BotSummary) => void;
  onDelete: (bot: BotSummary) => void;
}

export function BotCard({ bot, onRename, onDuplicate, onDelete }: Props) {
  const edited = bot.draftUpdatedAt ?? bot.updatedAt;
  return (
    <Card withBorder radius="lg" padding="lg" h="100%">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Text fw={650} size="lg" truncate>
            {bot.name}
          </Text>
          <Text size="xs" c="gray.7">
            {bot.timezone}
            {edited ? ` · edited ${new Date(edited).toLocaleString()}` : ''}
          </Text>
        </div>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${bot.name}`}>
              <IconDots size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onRename(bot)}>
              Rename
            </Menu.Item>
            <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => onDuplicate(bot)}>
              Duplicate
            </Menu.Item>
            <Menu.Item leftSection={<IconSettings size={16} />} component={Link} to={`/bots/${bot.id}/settings`}>
              Settings
            </Menu.Item>
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => onDelete(bot)}>
              Delete
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      <Group mt="md" justify="space-between">
        {bot.publishedVersion > 0 ? (
          <Badge color="teal" c="teal.9" variant="light">
            Live · version {bot.publishedVersion}
          </Badge>
        ) : (
          <Badge color="gray" c="gray.8" variant="light">
            Not published
          </Badge>
        )}
        <Group gap="xs">
          <Button
            component={Link}
            to={`/bots/${bot.id}/inbox`}
            size="xs"
            variant="subtle"
            leftSection={<IconInbox size={14} />}
            aria-label={`Inbox of ${bot.name}`}
          >
            Inbox
          </Button>
          <Button component={Link} to={`/bots/${bot.id}`} size="xs" variant="light" aria-label={`Open ${bot.name}`}>
            Open
          </Button>
        </Group>
      </Group>
    </Card>
  );
}
