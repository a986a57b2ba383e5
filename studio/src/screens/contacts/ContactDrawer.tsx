// One contact's profile in a drawer: address and channel, opt-in state, time zone, tags,
// registration and attributes (editable by those who may edit), bookings and conversations.
import { ActionIcon, Anchor, Badge, Button, Drawer, Group, Select, Stack, Switch, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { contactsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { ContactDetail } from '../../api/types';
import { useCan } from '../../app/permissions';
import { LoadingState } from '../../components/LoadingState';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { STATUS_LABEL } from '../inbox/inbox-status';
import { channelLabel } from '../../app/channel-label';

type Row = { key: string; value: string };

const CONSENT_CHOICES = [
  { value: 'opted_in', label: 'Subscribed' },
  { value: 'opted_out', label: 'Opted out (send nothing)' },
];

export function ContactDrawer({ botId, contactId, knownTags = [], onClose, onSaved }: { botId: string; contactId: string | null; knownTags?: string[]; onClose: () => void; onSaved: () => void }) {
  const canEdit = useCan('conversations:act');
  const [contact, setContact] = useState<ContactDetail | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [timezone, setTimezone] = useState<string>('');
  const [tags, setTags] = useState<string[]>([]);
  const [registered, setRegistered] = useState(false);
  const [consent, setConsent] = useState<'opted_in' | 'opted_out'>('opted_in');
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setContact(null);
    if (!contactId) return;
    contactsApi.get(contactId).then(
      (c) => {
        setContact(c);
        setRows(Object.entries(c.attributes ?? {}).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) })));
        setTimezone(c.timezone ?? '');
        setTags(c.tags ?? []);
        setRegistered(c.registered ?? false);
        setConsent(c.optedOut ? 'opted_out' : 'opted_in');
      },
      (err: unknown) => notifications.show({ color: 'red', title: 'Could not open the contact', message: describeError(err) }),
    );
  }, [contactId]);

  const save = async () => {
    if (!contact) return;
    setSaving(true);
    try {
      const attributes: Record<string, unknown> = {};
      for (const key of Object.keys(contact.attributes ?? {})) attributes[key] = null; // removed unless kept below
      for (const r of rows) if (r.key.trim()) attributes[r.key.trim()] = r.value;
      const consentChanged = consent !== (contact.optedOut ? 'opted_out' : 'opted_in');
      await contactsApi.update(contact.id, { attributes, tags, registered, ...(timezone ? { timezone } : {}), ...(consentChanged ? { consent } : {}) });
      notifications.show({ color: 'teal', message: 'Contact saved' });
      onSaved();
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not save the contact', message: describeError(err) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer opened={!!contactId} onClose={onClose} position="right" size="lg" title={contact ? contact.address : 'Contact'}>
      {!contact && contactId && <LoadingState label="Loading the contact…" />}
      {contact && (
        <Stack gap="md">
          <Group gap="xs">
            <Badge variant="light" tt="none">
              {channelLabel(contact.channel)}
            </Badge>
            <Badge variant="light" color={contact.optedOut ? 'red' : 'teal'} c={contact.optedOut ? 'red.9' : 'teal.9'} tt="none">
              {contact.optedOut ? 'Opted out' : 'Subscribed (opted in)'}
            </Badge>
            <Text size="xs" c="gray.7">
              Last message {contact.lastInboundAt ? new Date(contact.lastInboundAt).toLocaleString() : 'never'}
            </Text>
          </Group>
          {contact.refusedAt && !contact.registered && (
            <Text size="sm" c="orange.9">
              Wrote in on {new Date(contact.refusedAt).toLocaleString()} and was told the bot answers registered numbers only.
            </Text>
          )}
          <TimeZoneSelect label="Time zone" value={timezone} onChange={(v: string) => setTimezone(v)} disabled={!canEdit} />
          <TagsInput label="Tags" description="Press Enter after each tag" data={knownTags} value={tags} onChange={setTags} disabled={!canEdit} maxTags={50} splitChars={[',', ';']} clearable />
          <Switch
            label="Registered"
            description="Registered contacts are answered when the bot answers registered numbers only."
            checked={registered}
            disabled={!canEdit}
            onChange={(e) => setRegistered(e.currentTarget.checked)}
          />
          <Select
            label="Consent"
            description={contact.optedOutBy === 'contact' ? 'The contact opted out themselves; only they can opt back in, by writing START.' : 'Staff may record an opt-out, and undo one staff recorded.'}
            data={CONSENT_CHOICES}
            value={consent}
            onChange={(v) => setConsent((v as 'opted_in' | 'opted_out') ?? consent)}
            disabled={!canEdit || contact.optedOutBy === 'contact'}
            allowDeselect={false}
          />
          <div>
            <Title order={3} size="h5" mb={4}>
              Attributes
            </Title>
            <Stack gap={6}>
              {rows.map((r, i) => (
                <Group key={i} gap={6} wrap="nowrap">
                  <TextInput size="xs" aria-label="Attribute name" value={r.key} disabled={!canEdit} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, key: e.currentTarget.value } : x)))} />
                  <TextInput size="xs" style={{ flex: 1 }} aria-label={`Value of ${r.key || 'attribute'}`} value={r.value} disabled={!canEdit} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, value: e.currentTarget.value } : x)))} />
                  {canEdit && (
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove ${r.key || 'attribute'}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
              ))}
              {rows.length === 0 && (
                <Text size="sm" c="gray.7">
                  No attributes yet.
                </Text>
              )}
            </Stack>
            {canEdit && (
              <Group mt="xs" justify="space-between">
                <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setRows([...rows, { key: '', value: '' }])}>
                  Add attribute
                </Button>
                <Button size="xs" onClick={() => void save()} loading={saving}>
                  Save contact
                </Button>
              </Group>
            )}
          </div>
          <div>
            <Title order={3} size="h5" mb={4}>
              Bookings
            </Title>
            {contact.appointments.length === 0 ? (
              <Text size="sm" c="gray.7">
                No bookings.
              </Text>
            ) : (
              <Table aria-label="Bookings">
                <Table.Tbody>
                  {contact.appointments.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>{new Date(a.start).toLocaleString()}</Table.Td>
                      <Table.Td>{a.status}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
          <div>
            <Title order={3} size="h5" mb={4}>
              Conversations
            </Title>
            {contact.conversations.length === 0 ? (
              <Text size="sm" c="gray.7">
                No conversations.
              </Text>
            ) : (
              <Table aria-label="Conversations">
                <Table.Tbody>
                  {contact.conversations.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/bots/${botId}/inbox?c=${c.id}`}>
                          {new Date(c.startedAt).toLocaleString()}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{STATUS_LABEL[c.status] ?? c.status}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
        </Stack>
      )}
    </Drawer>
  );
}
