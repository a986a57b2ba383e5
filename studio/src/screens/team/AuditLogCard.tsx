// The audit log: who changed what, and through which API key when it was a script.
import { Card, Table, Text, Title } from '@mantine/core';
import type { AuditEntry } from '../../api/types';

export function AuditLogCard({ entries }: { entries: Array<AuditEntry & { apiKey?: { name: string } }> }) {
  return (
    <Card withBorder radius="lg" padding="md">
      <Title order={2} size="h4" mb="sm">
        Audit log
      </Title>
      <Table striped aria-label="Audit log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>On</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.id} data-testid="audit-row">
              <Table.Td>{new Date(e.at).toLocaleString()}</Table.Td>
              <Table.Td>
                {e.actor ?? '—'}
                {e.apiKey && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    with the key “{e.apiKey.name}”
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{e.action}</Table.Td>
              <Table.Td>{[e.targetType, e.targetId].filter(Boolean).join(' ')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {entries.length === 0 && (
        <Text size="sm" c="gray.7">
          Nothing recorded yet.
        </Text>
      )}
    </Card>
  );
}
