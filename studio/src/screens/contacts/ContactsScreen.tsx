// A bot's contacts: search and filter them (channel, consent, tag: the tag is in the address, so a
// filtered list can be shared and survives going back), add one by hand, import a CSV with a
// preview, open one's profile (addresses, attributes, tags, opt-in state, bookings, conversations),
// and export them as CSV.
import { Anchor, Badge, Button, Card, Container, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconFileImport, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { contactsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { Contact, ImportSummary } from '../../api/types';
import { useCan } from '../../app/permissions';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { BotNav } from '../bot-nav/BotNav';
import { useBotDetail } from '../bot-nav/use-bot-detail';
import { AddContactModal } from './AddContactModal';
import { ContactDrawer } from './ContactDrawer';
import { channelLabel } from '../../app/channel-label';
import { ImportContactsModal } from './ImportContactsModal';

const CHANNELS = [
  { value: '', label: 'All channels' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'sms', label: 'SMS' },
  { value: 'messenger', label: 'Messenger' },
  { value: 'webchat', label: 'Web chat' },
  { value: 'simulator', label: 'Simulator' },
];
const CONSENT = [
  { value: '', label: 'Everyone' },
  { value: 'false', label: 'Subscribed' },
  { value: 'true', label: 'Opted out' },
];

export function ContactsScreen() {
  const { botId = '' } = useParams();
  const { bot, error: botError } = useBotDetail(botId);
  const canAct = useCan('conversations:act');
  const [params, setParams] = useSearchParams();
  const open = params.get('contact');
  const tag = params.get('tag') ?? '';
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query, 250);
  const [channel, setChannel] = useState('');
  const [optedOut, setOptedOut] = useState('');
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [tags, setTags] = useState<Array<{ tag: string; count: number }>>([]);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  /** Changes some search parameters and keeps the others (the open contact, the tag). */
  const setParam = useCallback(
    (changes: Record<string, string | null>) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      }),
    [setParams],
  );

  const load = useCallback(async () => {
    try {
      const [list, counts] = await Promise.all([contactsApi.list(botId, { q, channel, optedOut, tag }), contactsApi.tags(botId)]);
      setContacts(list);
      setTags(counts);
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, [botId, q, channel, optedOut, tag]);
  useEffect(() => {
    void load();
  }, [load]);

  const imported = (summary: ImportSummary) => {
    setImporting(false);
    notifications.show({
      color: 'teal',
      title: 'Contacts imported',
      message: `${summary.created} added, ${summary.updated} updated${summary.skipped ? `, ${summary.skipped} lines skipped` : ''}.`,
    });
    void load();
  };

  if (botError) return <ErrorState title="Could not load this bot" message={botError} />;
  if (!bot) return <LoadingState label="Loading contacts…" />;
  const tagOptions = [{ value: '', label: 'All tags' }, ...tags.map((t) => ({ value: t.tag, label: `${t.tag} (${t.count})` }))];
  if (tag && !tags.some((t) => t.tag === tag)) tagOptions.push({ value: tag, label: tag });
  return (
    <Container size="xl" component="main">
      <Stack gap="md">
        <BotNav
          botId={botId}
          botName={bot.name}
          current="contacts"
          actions={
            <Group gap="xs">
              {canAct && (
                <>
                  <Button variant="light" leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
                    Add contact
                  </Button>
                  <Button variant="light" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                    Import CSV
                  </Button>
                </>
              )}
              <Button component="a" href={contactsApi.csvUrl(botId, { tag })} download variant="light" leftSection={<IconDownload size={16} />}>
                Export CSV
              </Button>
            </Group>
          }
        />
        <Card withBorder radius="lg" padding="md">
          <Group gap="sm" mb="sm">
            <TextInput
              style={{ flex: 1 }}
              leftSection={<IconSearch size={16} />}
              placeholder="Search by phone number"
              aria-label="Search contacts"
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
            />
            <Select w={180} aria-label="Tag" data={tagOptions} value={tag} onChange={(v) => setParam({ tag: v || null })} allowDeselect={false} searchable />
            <Select w={160} aria-label="Channel" data={CHANNELS} value={channel} onChange={(v) => setChannel(v ?? '')} allowDeselect={false} />
            <Select w={160} aria-label="Consent" data={CONSENT} value={optedOut} onChange={(v) => setOptedOut(v ?? '')} allowDeselect={false} />
          </Group>
          {error && <ErrorState title="Could not load contacts" message={error} onRetry={() => void load()} />}
          {!contacts && !error && <LoadingState label="Loading contacts…" />}
          {contacts?.length === 0 && (
            <Text size="sm" c="gray.7" ta="center" my="lg">
              No contacts match.
            </Text>
          )}
          {contacts && contacts.length > 0 && (
            <Table highlightOnHover striped aria-label="Contacts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Tags</Table.Th>
                  <Table.Th>Consent</Table.Th>
                  <Table.Th>Last message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {contacts.map((c) => (
                  <Table.Tr key={c.id} data-testid="contact-row">
                    <Table.Td>
                      <Anchor component="button" type="button" onClick={() => setParam({ contact: c.id })}>
                        {c.address}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{channelLabel(c.channel)}</Table.Td>
                    <Table.Td>{String(c.attributes.first_name ?? c.attributes.name ?? '')}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {(c.tags ?? []).map((t) => (
                          <Badge key={t} component="button" type="button" aria-label={`Show contacts tagged ${t}`} variant="outline" size="sm" tt="none" style={{ cursor: 'pointer' }} onClick={() => setParam({ tag: t })}>
                            {t}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={c.optedOut ? 'red' : 'teal'} c={c.optedOut ? 'red.9' : 'teal.9'} tt="none">
                        {c.optedOut ? 'Opted out' : 'Subscribed'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{c.lastInboundAt ? new Date(c.lastInboundAt).toLocaleString() : c.registered ? 'Added by staff' : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </Stack>
      <ContactDrawer botId={botId} contactId={open} knownTags={tags.map((t) => t.tag)} onClose={() => setParam({ contact: null })} onSaved={() => void load()} />
      <AddContactModal
        botId={botId}
        opened={adding}
        knownTags={tags.map((t) => t.tag)}
        onClose={() => setAdding(false)}
        onCreated={(c) => {
          setAdding(false);
          notifications.show({ color: 'teal', message: `${c.address} added` });
          void load();
        }}
        onOpenExisting={(id) => {
          setAdding(false);
          setParam({ contact: id });
        }}
      />
      <ImportContactsModal botId={botId} opened={importing} onClose={() => setImporting(false)} onImported={imported} />
    </Container>
  );
}
