// Adding one contact by hand, before they ever write: phone number (stored in international form),
// channel, first name, tags, time zone and consent. A number that is already a contact is not
// changed: the modal says so and offers to open that contact instead.
import { Alert, Anchor, Button, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { contactsApi } from '../../api/botloom-api';
import { ApiError, describeError } from '../../api/http';
import type { Contact, NewContact } from '../../api/types';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';

const CHANNELS = [
  { value: 'sms', label: 'SMS' },
  { value: 'whatsapp', label: 'WhatsApp' },
];
const CONSENT = [
  { value: '', label: 'Not stated' },
  { value: 'opted_in', label: 'Opted in' },
  { value: 'opted_out', label: 'Opted out (send nothing)' },
];

interface Props {
  botId: string;
  opened: boolean;
  knownTags: string[];
  onClose: () => void;
  onCreated: (contact: Contact) => void;
  onOpenExisting: (contactId: string) => void;
}

export function AddContactModal({ botId, opened, knownTags, onClose, onCreated, onOpenExisting }: Props) {
  const [address, setAddress] = useState('');
  const [channel, setChannel] = useState<'sms' | 'whatsapp'>('sms');
  const [firstName, setFirstName] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [timezone, setTimezone] = useState('');
  const [consent, setConsent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [existing, setExisting] = useState<Contact | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!opened) return;
    setAddress('');
    setFirstName('');
    setTags([]);
    setTimezone('');
    setConsent('');
    setError(null);
    setExisting(null);
  }, [opened]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setExisting(null);
    const input: NewContact = {
      address: address.trim(),
      channel,
      ...(firstName.trim() ? { attributes: { first_name: firstName.trim() } } : {}),
      ...(tags.length ? { tags } : {}),
      ...(timezone ? { timezone } : {}),
      ...(consent ? { consent: consent as NewContact['consent'] } : {}),
    };
    try {
      onCreated(await contactsApi.create(botId, input));
    } catch (err) {
      setError(describeError(err));
      if (err instanceof ApiError && err.status === 409 && err.body.contact) setExisting(err.body.contact as Contact);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Add a contact">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
              {existing && (
                <>
                  {' '}
                  <Anchor component="button" type="button" onClick={() => onOpenExisting(existing.id)}>
                    Open {existing.address}
                  </Anchor>
                </>
              )}
            </Alert>
          )}
          <TextInput
            label="Phone number"
            description="In international form, with the country code: +44 7700 900123"
            placeholder="+44 7700 900123"
            required
            maxLength={64}
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
            data-autofocus
          />
          <Select label="Channel" data={CHANNELS} value={channel} onChange={(v) => setChannel((v as 'sms' | 'whatsapp') ?? 'sms')} allowDeselect={false} />
          <TextInput label="First name" maxLength={200} value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} />
          <TagsInput label="Tags" description="Press Enter after each tag" data={knownTags} value={tags} onChange={setTags} maxTags={50} splitChars={[',', ';']} clearable />
          <TimeZoneSelect label="Time zone" value={timezone} onChange={setTimezone} description="Reminders go by it; empty: the bot's." />
          <Select label="Consent" data={CONSENT} value={consent} onChange={(v) => setConsent(v ?? '')} allowDeselect={false} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={address.trim() === ''}>
              Add contact
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
