// How every node looks on the canvas: icon, label, a preview of its settings, its problems,
// and its exits (labelled handles for the exits its current settings use).
import { activeHandles, nodeCatalogue, type FlowIssue } from '@botloom/shared';
import { Badge, Tooltip } from '@mantine/core';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { CATEGORY_COLORS } from '../app/theme';
import { NodeIcon } from '../components/NodeIcon';
import { definitionOf } from '../nodes/registry';
import { useFlowStore } from '../store/flow-store-context';
import type { ChannelIssue, NodeDropOff } from '../store/create-flow-store';
import type { BotloomNode } from '../store/flow-types';
import { handleLabel, TONE_COLORS } from './handle-labels';
import { summaryLines } from './summary-lines';
import classes from './FlowNodeCard.module.css';

const NO_ISSUES: FlowIssue[] = [];

/** The exact size of the card's contents (inside its borders and padding), from the fixed
 *  heights in its CSS module: what a card skipped off screen (content-visibility) is given, so
 *  React Flow measures the same size whether or not the card is on screen. */
function contentSize(summaryRows: 1 | 2, exitRows: number, hasDropOff: boolean): string {
  const width = 230 - 2 - 20; // side borders, side padding
  const body = 26 + 6 + summaryRows * 16; // header, gap, summary lines
  const dropOff = hasDropOff ? 4 + 18 : 0;
  const exits = exitRows > 0 ? 6 + 1 + 4 + exitRows * 24 : 0;
  return `auto ${width}px auto ${body + dropOff + exits}px`;
}
const NO_CHANNEL_ISSUES: ChannelIssue[] = [];

const CHANNEL_SHORT = { sms: 'SMS', whatsapp: 'WA', messenger: 'FB' } as const;

/** How the step reads on the bot's channels: advice, never a blocker. */
function ChannelBadge({ issues }: { issues: ChannelIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <Tooltip label={issues.map((i) => i.message).join('\n')} multiline maw={300} style={{ whiteSpace: 'pre-line' }}>
      <Badge
        size="sm"
        color="yellow.4"
        c="dark.8"
        variant="filled"
        aria-label={`${issues.length} channel warning${issues.length > 1 ? 's' : ''}: ${issues.map((i) => i.message).join(' ')}`}
        data-testid="node-channel-badge"
      >
        {(['sms', 'whatsapp', 'messenger'] as const)
          .filter((c) => issues.some((i) => i.channel === c))
          .map((c) => CHANNEL_SHORT[c])
          .join('/')}
      </Badge>
    </Tooltip>
  );
}

function IssueBadge({ issues }: { issues: FlowIssue[] }) {
  if (issues.length === 0) return null;
  const hasError = issues.some((i) => i.severity === 'error');
  return (
    <Tooltip label={issues.map((i) => i.message).join('\n')} multiline maw={280} style={{ whiteSpace: 'pre-line' }}>
      <Badge
        size="sm"
        circle
        color={hasError ? 'red.8' : 'orange.9'}
        aria-label={`${issues.length} problem${issues.length > 1 ? 's' : ''}`}
        data-testid="node-issue-badge"
      >
        {issues.length}
      </Badge>
    </Tooltip>
  );
}

/** The analytics overlay: how many reached the step and how many stopped there. */
function DropOffLine({ reached, dropped, worst }: NodeDropOff) {
  const rate = reached > 0 ? Math.round((dropped / reached) * 100) : 0;
  const text = `reached ${reached} · dropped ${dropped} (${rate}%)`;
  return (
    <p
      className={classes.dropOff}
      data-worst={worst || undefined}
      data-testid="node-dropoff"
      aria-label={worst ? `${text}, the highest drop-off` : text}
    >
      {text}
    </p>
  );
}

function FlowNodeCardView({ id, type, data, selected }: NodeProps<BotloomNode>) {
  const issues = useFlowStore((s) => s.issuesByNode.get(id) ?? NO_ISSUES);
  const channelIssues = useFlowStore((s) => s.channelIssuesByNode.get(id) ?? NO_CHANNEL_ISSUES);
  const active = useFlowStore((s) => s.activeNodeId === id);
  const problem = useFlowStore((s) => s.problemNodes[id]);
  const here = useFlowStore((s) => s.liveCounts[id] ?? 0);
  const stats = useFlowStore((s) => s.dropOff[id]);
  const meta = nodeCatalogue[type];
  const color = CATEGORY_COLORS[meta.category] ?? 'gray';
  const summary = (definitionOf(type).summary as (d: typeof data) => string)(data);
  const exits = activeHandles(type, data);
  const isSingleOut = exits.length === 1 && exits[0] === 'out';
  const exitRows = isSingleOut ? 0 : exits.length;
  const summaryText = summary || 'Not set up yet';
  const lines = summaryLines(summaryText);
  const hasError = issues.some((i) => i.severity === 'error');
  const title = typeof data.label === 'string' && data.label.trim() ? data.label : meta.label;

  // Plain elements, not Mantine layout components: a 1,000-step flow renders a thousand of these,
  // and every element and style computation per card counts (see studio/README.md, "Large flows").
  return (
    <div
      className={classes.card}
      data-selected={selected || undefined}
      data-invalid={hasError || undefined}
      data-warning={(!hasError && issues.length > 0) || undefined}
      data-sim-here={active || undefined}
      data-problem={problem ? true : undefined}
      data-node-type={type}
      data-dropoff-worst={stats?.worst || undefined}
      style={
        {
          '--node-accent': `var(--mantine-color-${color}-6)`,
          '--node-tint': `var(--mantine-color-${color}-light)`,
          '--node-ink': `var(--mantine-color-${color}-light-color)`,
          '--exit-count': exitRows,
          containIntrinsicSize: contentSize(lines, exitRows, Boolean(stats)),
        } as CSSProperties
      }
    >
      {type !== 'start' && <Handle type="target" position={Position.Left} className={classes.target} />}
      <div className={classes.header}>
        <span className={classes.icon}>
          <NodeIcon name={meta.icon} size={16} />
        </span>
        <span className={classes.title}>{title}</span>
        {here > 0 && (
          <Tooltip label={`${here} contact${here > 1 ? 's' : ''} here now`}>
            <Badge
              size="sm"
              color="teal.8"
              variant="filled"
              data-testid="node-live-count"
              aria-label={`${here} contact${here > 1 ? 's' : ''} here now`}
            >
              {here}
            </Badge>
          </Tooltip>
        )}
        {problem && (
          <Tooltip label={problem} multiline w={260}>
            <Badge size="sm" color="red.8" variant="filled" data-testid="node-problem-marker" aria-label={`Went wrong here: ${problem}`}>
              !
            </Badge>
          </Tooltip>
        )}
        <ChannelBadge issues={channelIssues} />
        <IssueBadge issues={issues} />
      </div>
      <p className={classes.summary} data-empty={summary ? undefined : true} data-lines={lines}>
        {summaryText}
      </p>
      {stats && <DropOffLine {...stats} />}
      {isSingleOut && <Handle type="source" position={Position.Right} id="out" className={classes.sourceSingle} />}
      {exits.length > 0 && !isSingleOut && (
        <div className={classes.exits}>
          {exits.map((handle) => {
            const label = handleLabel(handle);
            return (
              <div key={handle} className={classes.exit} data-handle={handle} style={{ color: TONE_COLORS[label.tone] }}>
                {label.text}
                <Handle type="source" position={Position.Right} id={handle} className={classes.source} />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

export const FlowNodeCard = memo(FlowNodeCardView);
