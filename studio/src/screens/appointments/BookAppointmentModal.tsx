// Books a free slot for a contact: the phone number (or, on the simulator, a tester's name) and
// the contact's name. A slot someone else just took says so and offers the others again.
import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { appointmentsApi } from '../../api/botloom-api';
import { ApiError, describeError } from '../../api/http';
import type { ContactChannel, FreeSlot, Resource } from '../../api/types';
import { whenOf } from './calendar-span';

const CHANNELS: Array<{ value: ContactChannel; label: string }> = [
  { value: 'sms', label: 'SMS' },
  { value: 'whatsapp', label: 'WhatsApp' },
  { value: 'simulator', label: 'Simulator (testing)' },
];

interface Props {
  botId: string;
  resource: Resource;
  slot: FreeSlot | null;
  onClose: () => void;
  /** After a booking, or after the slot turned out to be taken: the view reloads. */
  onChanged: () => void;
}

export function BookAppointmentModal({ botId, resource, slot, onClose, onChanged }: Props) {
  const [channel, setChannel] = useState<ContactChannel>('sms');
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setFieldErrors({});
    setProblem(null);
  }, [slot]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!slot) return;
    setBusy(true);
    setFieldErrors({});
    setProblem(null);
    try {
      await appointmentsApi.book(botId, {
        resourceId: resource.id,
        start: slot.start,
        contact: { address, channel, ...(name.trim() ? { name: name.trim() } : {}) },
      });
      notifications.show({
        color: 'teal',
        title: 'Booked',
        message: `${name.trim() || address} on ${whenOf(slot.start, resource.timezone)}`,
      });
      setAddress('');
      setName('');
      onChanged();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.body.errors?.some((e) => e.path.startsWith('/contact'))) {
        setFieldErrors(Object.fromEntries((err.body.errors ?? []).map((e) => [e.path, e.message])));
      } else {
        setProblem(describeError(err));
        // the slot was taken meanwhile (409) or no longer fits: show what is free now
        if (err instanceof ApiError && (err.status === 409 || err.status === 422)) onChanged();
      }
    } finally {
      setBusy(false);
    }
  };

  const isPhone = channel !== 'simulator';
  return (
    <Modal
      opened={slot !== null}
      onClose={onClose}
      title={slot ? `Book ${whenOf(slot.start, resource.timezone)} with ${resource.name}` : ''}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          {problem && (
            <Alert color="red" role="alert" title="Not booked">
              {problem}
            </Alert>
          )}
          <Select
            label="Channel"
            data={CHANNELS}
            value={channel}
            onChange={(v) => v && setChannel(v as ContactChannel)}
            allowDeselect={false}
          />
          <TextInput
            label={isPhone ? 'Phone number' : 'Tester name'}
            description={isPhone ? 'In international form, e.g. +44 7700 900123' : 'The simulator contact to book for'}
            required
            data-autofocus
            type={isPhone ? 'tel' : 'text'}
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
            error={fieldErrors['/contact/address']}
          />
          <TextInput
            label="Name"
            description="How the contact is called (optional)"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldErrors['/contact/name']}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={busy} disabled={!address.trim()}>
              Book
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
