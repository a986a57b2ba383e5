// Importing contacts from a CSV file in two steps: the file is checked first (a dry run on the
// server: nothing is written) and the preview shows what each line will do and every line that
// cannot be imported, with its number and why; only then does the person import. A file the
// server cannot read at all (a quote never closed, no address column) is refused as a whole.
import { Alert, Badge, Button, Group, Modal, ScrollArea, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { contactsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { ImportSummary } from '../../api/types';

interface Props {
  botId: string;
  opened: boolean;
  onClose: () => void;
  onImported: (summary: ImportSummary) => void;
}

const ACTION_LABEL = { create: 'New', update: 'Update', unchanged: 'No change' } as const;
const ACTION_COLOR = { create: 'teal', update: 'blue', unchanged: 'gray' } as const;
const EXAMPLE = 'address,channel,first_name,tags,timezone,consent\n+447700900123,sms,Ada,vip;spring,Europe/London,opted_in';

export function ImportContactsModal({ botId, opened, onClose, onImported }: Props) {
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [country, setCountry] = useState('');
  const [preview, setPreview] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!opened) return;
    setCsv('');
    setFileName(null);
    setPreview(null);
    setError(null);
  }, [opened]);

  const changeCsv = (text: string, name: string | null) => {
    setCsv(text);
    setFileName(name);
    setPreview(null); // a new file needs a new check
    setError(null);
  };

  const run = async (dryRun: boolean) => {
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const summary = await contactsApi.importCsv(botId, csv, { dryRun, country: country.trim().toUpperCase() || undefined });
      if (dryRun) setPreview(summary);
      else onImported(summary);
    } catch (err) {
      setPreview(null);
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };

  const toImport = preview ? preview.created + preview.updated : 0;
  return (
    <Modal opened={opened} onClose={onClose} title="Import contacts from CSV" size="xl">
      <Stack>
        <Text size="sm">
          The first row names the columns: <b>address</b> (a phone number) and <b>channel</b> (sms or whatsapp) are needed; <b>tags</b> are separated by
          semicolons; <b>timezone</b> and <b>consent</b> (opted_in or opted_out) are optional; any other column is kept on the contact. A number already a
          contact is updated, never duplicated.
        </Text>
        <Group align="flex-end">
          <input
            ref={fileInput}
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-label="CSV file"
            hidden
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void file.text().then((text) => changeCsv(text, file.name));
              e.currentTarget.value = '';
            }}
          />
          <Button variant="light" leftSection={<IconFileUpload size={16} />} onClick={() => fileInput.current?.click()}>
            Choose a file
          </Button>
          {fileName && <Text size="sm">{fileName}</Text>}
          <TextInput
            w={220}
            label="Country for local numbers"
            description="e.g. GB reads 07700 900123"
            placeholder="none"
            maxLength={2}
            value={country}
            onChange={(e) => {
              setCountry(e.currentTarget.value);
              setPreview(null);
            }}
          />
        </Group>
        <Textarea
          label="Or paste the CSV"
          placeholder={EXAMPLE}
          autosize
          minRows={4}
          maxRows={10}
          value={csv}
          onChange={(e) => changeCsv(e.currentTarget.value, null)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {error && (
          <Alert color="red" variant="light" role="alert" title="Nothing was imported">
            {error}
          </Alert>
        )}
        {preview && <ImportPreview summary={preview} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button variant={preview ? 'default' : 'filled'} onClick={() => void run(true)} loading={busy === 'check'} disabled={csv.trim() === '' || busy !== null}>
            Check file
          </Button>
          <Button onClick={() => void run(false)} loading={busy === 'import'} disabled={!preview || toImport === 0 || busy !== null}>
            {toImport === 1 ? 'Import 1 contact' : `Import ${toImport} contacts`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ImportPreview({ summary }: { summary: ImportSummary }) {
  return (
    <Stack gap="xs" aria-label="Import preview" role="region">
      <Text size="sm" fw={600} data-testid="import-counts">
        {summary.created} new, {summary.updated} to update, {summary.unchanged} unchanged
        {summary.skipped > 0 ? `, ${summary.skipped} ${summary.skipped === 1 ? 'line' : 'lines'} cannot be imported` : ''}
      </Text>
      {summary.errors.length > 0 && (
        <Alert color="orange" variant="light" title="Lines that will be skipped" role="status">
          <Table aria-label="Lines that cannot be imported" withRowBorders={false} verticalSpacing={2}>
            <Table.Tbody>
              {summary.errors.map((e) => (
                <Table.Tr key={`${e.line}:${e.message}`}>
                  <Table.Td w={80}>Line {e.line}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Alert>
      )}
      {summary.warnings.length > 0 && (
        <Alert color="yellow" variant="light" title="Imported with a part kept as it is" role="status">
          {summary.warnings.map((w) => (
            <Text key={w.line} size="sm">
              Line {w.line}: {w.message}
            </Text>
          ))}
        </Alert>
      )}
      {(summary.preview?.length ?? 0) > 0 && (
        <ScrollArea.Autosize mah={260}>
          <Table aria-label="Lines to import" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Number</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Tags</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {summary.preview!.map((p) => (
                <Table.Tr key={p.line}>
                  <Table.Td>{p.line}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={ACTION_COLOR[p.action]} tt="none">
                      {ACTION_LABEL[p.action]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{p.address}</Table.Td>
                  <Table.Td>{p.channel}</Table.Td>
                  <Table.Td>{p.tags.join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}
