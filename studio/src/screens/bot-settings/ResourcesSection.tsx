// Bookable calendars: the list, and a modal to add or change one.
import { ActionIcon, Button, Card, Group, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { resourcesApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { Resource } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { LoadingState } from '../../components/LoadingState';
import { ResourceModal } from './ResourceModal';
import { summarizeHours } from './weekly-hours';

export function ResourcesSection({ botId, defaultTimezone }: { botId: string; defaultTimezone: string }) {
  const [resources, setResources] = useState<Resource[] | null>(null);
  const [editing, setEditing] = useState<Resource | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Resource | null>(null);
  const section = useRef<HTMLElement>(null);
  const { hash } = useLocation();
  // "Manage calendars" (in a booking step's settings, or the Appointments screen) lands here, not at the top
  const loaded = resources !== null;
  useEffect(() => {
    const target = section.current;
    if (hash !== '#calendars' || !loaded || !target) return;
    // the sections above load on their own and grow: keep this one at the top while they settle,
    // until the person scrolls or types themselves
    const keep = () => target.scrollIntoView({ block: 'start' });
    keep();
    const resizes = new ResizeObserver(keep);
    resizes.observe(document.body);
    const stop = () => resizes.disconnect();
    const timer = setTimeout(stop, 2000);
    window.addEventListener('wheel', stop, { once: true });
    window.addEventListener('keydown', stop, { once: true });
    return () => {
      stop();
      clearTimeout(timer);
      window.removeEventListener('wheel', stop);
      window.removeEventListener('keydown', stop);
    };
  }, [hash, loaded]);

  const load = useCallback(async () => {
    try {
      setResources(await resourcesApi.list(botId));
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not load the calendars', message: describeError(err) });
      setResources([]);
    }
  }, [botId]);

  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (resource: Resource) => {
    try {
      await resourcesApi.remove(botId, resource.id);
      setDeleting(null);
      await load();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not delete the calendar', message: describeError(err) });
    }
  };

  return (
    <Card withBorder radius="lg" padding="lg" component="section" aria-labelledby="resources-title" id="calendars" ref={section}>
      <Stack>
        <Group justify="space-between">
          <div>
            <Title order={2} size="h4" id="resources-title">
              Bookable calendars
            </Title>
            <Text size="sm" c="gray.7">
              People, rooms or services the bot can book, with their opening hours.
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} />} variant="light" onClick={() => setEditing('new')}>
            Add calendar
          </Button>
        </Group>
        {resources === null && <LoadingState label="Loading calendars…" />}
        {resources && resources.length === 0 && <Text c="gray.7">No calendars yet. Add one to use the “Book appointment” step.</Text>}
        {resources && resources.length > 0 && (
          <Table verticalSpacing="sm" aria-label="Calendars">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Hours</Table.Th>
                <Table.Th>Slots</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {resources.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text fw={600}>{r.name}</Text>
                    <Text size="xs" c="gray.7">
                      {r.timezone}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{summarizeHours(r.weeklyHours)}</Text>
                  </Table.Td>
                  <Table.Td>{r.slotMinutes} min</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label="Edit">
                        <ActionIcon variant="subtle" aria-label={`Edit ${r.name}`} onClick={() => setEditing(r)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon variant="subtle" color="red" aria-label={`Delete ${r.name}`} onClick={() => setDeleting(r)}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting !== null}
        title="Delete this calendar?"
        confirmLabel="Delete calendar"
        onClose={() => setDeleting(null)}
        onConfirm={() => (deleting ? remove(deleting) : undefined)}
      >
        <b>{deleting?.name}</b> will no longer take bookings. Booking steps that use it will need another calendar.
      </ConfirmModal>
      <ResourceModal
        botId={botId}
        resource={editing}
        defaultTimezone={defaultTimezone}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void load();
        }}
      />
    </Card>
  );
}
