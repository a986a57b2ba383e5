// The bot's screens, one click apart: the flow editor, triggers, live inbox, appointments, contacts, analytics, settings.
import { Anchor, Breadcrumbs, Group, Tabs, Title } from '@mantine/core';
import { IconBolt, IconCalendarEvent, IconChartBar, IconHierarchy2, IconInbox, IconSettings, IconUsers } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';

export type BotScreen = 'triggers' | 'inbox' | 'appointments' | 'contacts' | 'analytics' | 'settings';

export function BotNav({ botId, botName, current, actions }: { botId: string; botName: string; current: BotScreen; actions?: ReactNode }) {
  const navigate = useNavigate();
  const target = (value: string | null) => (value === 'flow' ? `/bots/${botId}` : `/bots/${botId}/${value}`);
  return (
    <>
      <Breadcrumbs>
        <Anchor component={Link} to="/">
          Bots
        </Anchor>
        <Anchor component={Link} to={`/bots/${botId}`}>
          {botName}
        </Anchor>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {botName}
        </Title>
        {actions}
      </Group>
      <Tabs value={current} onChange={(v) => v && void navigate(target(v))} aria-label="Bot screens">
        <Tabs.List>
          <Tabs.Tab value="flow" leftSection={<IconHierarchy2 size={16} />}>
            Flow
          </Tabs.Tab>
          <Tabs.Tab value="triggers" leftSection={<IconBolt size={16} />}>
            Triggers
          </Tabs.Tab>
          <Tabs.Tab value="inbox" leftSection={<IconInbox size={16} />}>
            Inbox
          </Tabs.Tab>
          <Tabs.Tab value="appointments" leftSection={<IconCalendarEvent size={16} />}>
            Appointments
          </Tabs.Tab>
          <Tabs.Tab value="contacts" leftSection={<IconUsers size={16} />}>
            Contacts
          </Tabs.Tab>
          <Tabs.Tab value="analytics" leftSection={<IconChartBar size={16} />}>
            Analytics
          </Tabs.Tab>
          <Tabs.Tab value="settings" leftSection={<IconSettings size={16} />}>
            Settings
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
    </>
  );
}
