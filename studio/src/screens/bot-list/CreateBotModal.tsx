// A new bot: a name, a time zone, and a blank canvas or a starter template.
import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotSummary, Template } from '../../api/types';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import { BROWSER_TIME_ZONE } from '../../components/time-zones';

interface Props {
  opened: boolean;
  templates: Template[];
  onClose: () => void;
  onCreated: (bot: BotSummary) => void;
}

const BLANK = 'blank';

export function CreateBotModal({ opened, templates, onClose, onCreated }: Props) {
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState(BROWSER_TIME_ZONE);
  const [template, setTemplate] = useState(BLANK);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (opened) {
      setName('');
      setTemplate(BLANK);
      setError(null);
    }
  }, [opened]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const bot = await botsApi.create({ name: name.trim(), timezone, ...(template === BLANK ? {} : { template }) });
      onCreated(bot);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New bot" size="lg">
      <form onSubmit={(e) => void submit(e)}>
        <Stack>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label="Name"
            placeholder="Clinic appointments"
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <TimeZoneSelect value={timezone} onChange={setTimezone} description="Used for quiet hours and appointment times." />
          <Radio.Group label="Start from" value={template} onChange={setTemplate}>
            <Stack gap="xs" mt="xs">
              <Radio.Card value={BLANK} p="sm" radius="md">
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator />
                  <div>
                    <Text fw={600}>Blank canvas</Text>
                    <Text size="sm" c="gray.7">
                      Only a Start node.
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
              {templates.map((t) => (
                <Radio.Card key={t.id} value={t.id} p="sm" radius="md">
                  <Group wrap="nowrap" align="flex-start">
                    <Radio.Indicator />
                    <div>
                      <Text fw={600}>{t.name}</Text>
                      <Text size="sm" c="gray.7">
                        {t.description}
                        {t.requires && t.requires.length > 0 ? ` Needs: ${t.requires.join(', ')}.` : ''}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={name.trim() === ''}>
              Create bot
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
