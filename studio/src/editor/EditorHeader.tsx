// The editor's top bar: back to the list, the bot's name, save status, undo/redo, file menu,
// the analytics overlay toggle, settings and Publish.
import { ActionIcon, Anchor, Badge, Button, Group, Menu, Text, Tooltip } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowForwardUp,
  IconChartBar,
  IconChevronLeft,
  IconDownload,
  IconFileImport,
  IconFolder,
  IconInbox,
  IconSettings,
} from '@tabler/icons-react';
import { useRef } from 'react';
import { Link } from 'react-router';
import { BrandMark } from '../components/BrandMark';
import { useFlowHistory } from '../store/flow-store-context';
import type { Autosave } from './autosave';
import { FlowSwitcher } from './FlowSwitcher';
import { PublishButton } from './PublishButton';
import { useReadOnly } from './read-only';
import { SaveStatus } from './SaveStatus';

interface Props {
  /** The role that makes the editor read-only, shown as a note. */
  role?: string;
  botId: string;
  botName: string;
  publishedVersion: number;
  /** Whether the analytics overlay (reached and dropped per step) is on. */
  overlay: boolean;
  onOverlay: (on: boolean) => void;
  autosave: Autosave;
  onUndo: () => void;
  onRedo: () => void;
  onExport: () => void;
  onImport: (file: File) => void;
  onPublished: (version: number) => void;
}

export function EditorHeader({ role, botId, botName, publishedVersion, overlay, onOverlay, autosave, onUndo, onRedo, onExport, onImport, onPublished }: Props) {
  const canUndo = useFlowHistory((t) => t.pastStates.length > 0);
  const canRedo = useFlowHistory((t) => t.futureStates.length > 0);
  const fileInput = useRef<HTMLInputElement>(null);
  const readOnly = useReadOnly();

  return (
    <Group
      h={56}
      px="md"
      justify="space-between"
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', background: 'white' }}
      component="header"
    >
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Anchor component={Link} to="/" c="gray.8" aria-label="Back to all bots" style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
          <IconChevronLeft size={18} aria-hidden />
          <BrandMark compact />
        </Anchor>
        <Text component="h1" fw={650} size="lg" truncate style={{ margin: 0 }}>
          {botName}
        </Text>
        <FlowSwitcher autosave={autosave} />
        <Badge
          color={publishedVersion > 0 ? 'teal' : 'gray'}
          c={publishedVersion > 0 ? 'teal.9' : 'gray.8'}
          variant="light"
          style={{ flexShrink: 0 }}
        >
          {publishedVersion > 0 ? `Live: v${publishedVersion}` : 'Not published'}
        </Badge>
        {readOnly ? (
          <Badge color="gray" c="gray.8" variant="outline" style={{ flexShrink: 0 }} data-testid="read-only-note">
            Read-only: your role is {role ?? 'viewer'}
          </Badge>
        ) : (
          <SaveStatus />
        )}
      </Group>
      <Group gap="xs" wrap="nowrap">
        {!readOnly && (
          <>
            <Tooltip label="Undo (Ctrl+Z)">
              <ActionIcon variant="subtle" color="gray" size="lg" onClick={onUndo} disabled={!canUndo} aria-label="Undo">
                <IconArrowBackUp size={20} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Redo (Ctrl+Shift+Z)">
              <ActionIcon variant="subtle" color="gray" size="lg" onClick={onRedo} disabled={!canRedo} aria-label="Redo">
                <IconArrowForwardUp size={20} />
              </ActionIcon>
            </Tooltip>
          </>
        )}
        <Menu position="bottom-end" withinPortal>
          <Tooltip label="Import or export the flow">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Import or export the flow">
                <IconFolder size={20} />
              </ActionIcon>
            </Menu.Target>
          </Tooltip>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconDownload size={16} />} onClick={onExport}>
              Export as JSON
            </Menu.Item>
            {!readOnly && (
              <Menu.Item leftSection={<IconFileImport size={16} />} onClick={() => fileInput.current?.click()}>
                Import a flow file (Botloom or ChatBoost)…
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Flow file to import"
          data-testid="import-file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) onImport(file);
          }}
        />
        {publishedVersion > 0 && (
          <Tooltip label={`Reached and dropped off per step, live version v${publishedVersion}`}>
            <Button
              variant={overlay ? 'filled' : 'subtle'}
              color={overlay ? 'indigo' : 'gray'}
              size="sm"
              leftSection={<IconChartBar size={18} aria-hidden />}
              aria-pressed={overlay}
              onClick={() => onOverlay(!overlay)}
              data-testid="analytics-overlay-toggle"
            >
              Analytics
            </Button>
          </Tooltip>
        )}
        <Tooltip label="Live inbox: conversations as they happen">
          <ActionIcon component={Link} to={`/bots/${botId}/inbox`} variant="subtle" color="gray" size="lg" aria-label="Live inbox">
            <IconInbox size={20} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Bot settings and calendars">
          <ActionIcon component={Link} to={`/bots/${botId}/settings`} variant="subtle" color="gray" size="lg" aria-label="Bot settings">
            <IconSettings size={20} />
          </ActionIcon>
        </Tooltip>
        {!readOnly && <PublishButton autosave={autosave} publishedVersion={publishedVersion} onPublished={onPublished} />}
      </Group>
    </Group>
  );
}
