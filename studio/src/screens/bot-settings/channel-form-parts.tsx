// Pieces both channel forms use: 422 errors by field, copyable webhook URLs, masked "saved" hints,
// and the save / disconnect actions.
import { ActionIcon, Button, CopyButton, Group, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/http';
import { ConfirmModal } from '../../components/ConfirmModal';

export type FieldErrors = Record<string, string>;

/** A 422's errors by field name (the first segment of each JSON pointer); the rest as one message. */
export function splitErrors(err: unknown): { fields: FieldErrors; general: string | null } {
  if (err instanceof ApiError && err.status === 422 && err.body.errors?.length) {
    const fields: FieldErrors = {};
    const rest: string[] = [];
    for (const e of err.body.errors) {
      const name = e.path.split('/').filter(Boolean)[0];
      if (name && !fields[name]) fields[name] = e.message;
      else if (!name) rest.push(e.message);
    }
    return { fields, general: rest.length > 0 ? rest.join('; ') : Object.keys(fields).length === 0 ? err.message : null };
  }
  return { fields: {}, general: describeError(err) };
}

export function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy ${label}`}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

export const saved = (masked: string | undefined) => (masked ? `saved: ${masked}` : undefined);

/** Save / connect and disconnect (after confirming) for one provider's form. */
export function ChannelActions({
  provider,
  connected,
  busy,
  canEdit,
  confirmTitle,
  confirmText,
  onDisconnect,
}: {
  provider: string;
  connected: boolean;
  busy: boolean;
  canEdit: boolean;
  confirmTitle: string;
  confirmText: string;
  onDisconnect: () => void | Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!canEdit) return null;
  return (
    <>
      <Group justify="flex-end">
        {connected && (
          <Button variant="subtle" color="red" onClick={() => setConfirming(true)}>
            Disconnect {provider}
          </Button>
        )}
        <Button type="submit" loading={busy}>
          {connected ? `Save ${provider}` : `Connect ${provider}`}
        </Button>
      </Group>
      <ConfirmModal
        opened={confirming}
        title={confirmTitle}
        confirmLabel="Disconnect"
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          setConfirming(false);
          await onDisconnect();
        }}
      >
        {confirmText}
      </ConfirmModal>
    </>
  );
}

/** A channel form's saving and disconnecting: busy flag, 422 errors by field, notifications. */
export function useChannelForm(provider: string) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent, save: () => Promise<void>) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      await save();
      notifications.show({ color: 'teal', message: `${provider} connected` });
    } catch (err) {
      const split = splitErrors(err);
      setErrors(split.fields);
      setGeneral(split.general);
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async (remove: () => Promise<void>) => {
    try {
      await remove();
      notifications.show({ message: `${provider} disconnected` });
    } catch (err) {
      notifications.show({ color: 'red', title: `Could not disconnect ${provider}`, message: describeError(err) });
    }
  };

  return { errors, general, busy, submit, disconnect };
}
