// What an agent does with a conversation: take it over, write to the contact, and hand it back
// to the bot at a chosen step. Only for roles that may act on conversations.
import { Button, Group, Select, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconHandStop, IconSend } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { conversationsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { ConversationSummary, StoredNode } from '../../api/types';
import { useCan } from '../../app/permissions';

interface Props {
  conversation: ConversationSummary;
  nodes: StoredNode[];
  nodeNames: Map<string, string>;
  onChanged: (c: ConversationSummary) => void;
}

export function AgentControls({ conversation, nodes, nodeNames, onChanged }: Props) {
  const canAct = useCan('conversations:act');
  const [text, setText] = useState('');
  const [nodeId, setNodeId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canAct) return null;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      notifications.show({ color: 'red', title: 'That did not work', message: describeError(err) });
    } finally {
      setBusy(false);
    }
  };
  const open = conversation.status !== 'completed' && conversation.status !== 'failed';

  if (conversation.status !== 'handoff') {
    return open ? (
      <Group justify="flex-end">
        <Button leftSection={<IconHandStop size={16} />} color="grape" loading={busy} onClick={() => void run(async () => onChanged(await conversationsApi.takeover(conversation.id)))}>
          Take over
        </Button>
      </Group>
    ) : null;
  }

  const reply = (event: FormEvent) => {
    event.preventDefault();
    const message = text.trim();
    if (!message) return;
    void run(async () => {
      await conversationsApi.reply(conversation.id, message);
      setText('');
    });
  };
  const pickable = nodes.filter((n) => n.type !== 'start').map((n) => ({ value: n.id, label: nodeNames.get(n.id) ?? n.id }));
  return (
    <>
      <form onSubmit={reply}>
        <Group gap={6} wrap="nowrap">
          <TextInput style={{ flex: 1 }} placeholder="Write to the contact…" aria-label="Reply to the contact" value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={4096} />
          <Button type="submit" disabled={!text.trim()} loading={busy} leftSection={<IconSend size={16} />}>
            Send
          </Button>
        </Group>
      </form>
      <Group gap={6} wrap="nowrap">
        <Select
          style={{ flex: 1 }}
          placeholder="Continue the bot at…"
          aria-label="Step to hand back to"
          data={pickable}
          value={nodeId}
          onChange={setNodeId}
          searchable
          comboboxProps={{ withinPortal: true }}
        />
        <Button
          variant="light"
          leftSection={<IconArrowBackUp size={16} />}
          disabled={!nodeId}
          loading={busy}
          onClick={() => nodeId && void run(async () => onChanged(await conversationsApi.handback(conversation.id, nodeId)))}
        >
          Hand back
        </Button>
      </Group>
    </>
  );
}
