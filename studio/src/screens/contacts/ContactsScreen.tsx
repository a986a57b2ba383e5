// A bot's contacts: search and filter them, open one's profile (addresses, attributes,
// opt-in state, time zone, bookings, conversations), and export them all as CSV.
import { Anchor, Badge, Button, Card, Container, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconSearch } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { contactsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { Contact } from '../../api/types';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { BotNav } from '../bot-nav/BotNav';
import { useBotDetail } from '../bot-nav/use-bot-detail';
import { ContactDrawer } from './ContactDrawer';
import { channelLabel } from '../../app/channel-label';

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
  const [params, setParams] = useSearchParams();
  const open = params.get('contact');
  const [query, setQuery] = useState('');
  const [q] = useDebouncedValue(query, 250);
  const [channel, setChannel] = useState('');
  const [optedOut, setOptedOut] = useState('');
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setContacts(await contactsApi.list(botId, { q, channel, optedOut }));
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  }, [botId, q, channel, optedOut]);
  useEffect(() => {
    void load();
  }, [load]);

  if (botError) return <ErrorState title="Could not load this bot" message={botError} />;
  if (!bot) return <LoadingState label="Loading contacts…" />;
  return (
    <Container size="xl" component="main">
      <Stack gap="md">
        <BotNav
          botId={botId}
          botName={bot.name}
          current="contacts"
          actions={
            <Button component="a" href={contactsApi.csvUrl(botId)} download variant="light" leftSection={<IconDownload size={16} />}>
              Export CSV
            </Button>
          }
        />
        <Card withBorder radius="lg" padding="md">
          <Group gap="sm" mb="sm">
            <TextInput
              style={{ flex: 1 }}
              leftSection={<IconSearch size={16} />}
              placeholder="Search by address or attribute"
              aria-label="Search contacts"
              value={query}
              onChange={(e) => setQuery(e.currentTarget.value)}
            />
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
                  <Table.Th>Consent</Table.Th>
                  <Table.Th>Last message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {contacts.map((c) => (
                  <Table.Tr key={c.id} data-testid="contact-row">
                    <Table.Td>
                      <Anchor component="button" type="button" onClick={() => setParams({ contact: c.id })}>
                        {c.address}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{channelLabel(c.channel)}</Table.Td>
                    <Table.Td>{String(c.attributes.first_name ?? c.attributes.name ?? '')}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={c.optedOut ? 'red' : 'teal'} c={c.optedOut ? 'red.9' : 'teal.9'} tt="none">
                        {c.optedOut ? 'Opted out' : 'Subscribed'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{c.lastInboundAt ? new Date(c.lastInboundAt).toLocaleString() : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </Stack>
      <ContactDrawer botId={botId} contactId={open} onClose={() => setParams({})} onSaved={() => void load()} />
    </Container>
  );
}
