// The right-hand panel: the selected step's settings, the problems list, the simulator and versions.
import { Badge, Tabs } from '@mantine/core';
import type { ReactNode } from 'react';
import { NodeSettingsPanel } from '../panels/NodeSettingsPanel';
import { ProblemsPanel } from '../panels/ProblemsPanel';
import { VersionsPanel } from '../panels/VersionsPanel';
import { SimulatorPanel } from '../simulator/SimulatorPanel';
import { issueCounts, plural } from '../store/attach-validation';
import { useFlowStore } from '../store/flow-store-context';

export type SideTab = 'step' | 'problems' | 'simulator' | 'versions';

interface Props {
  tab: SideTab;
  onTab: (tab: SideTab) => void;
  botId: string;
  versionsKey: number;
  onRolledBack: (version: number) => Promise<void>;
  beforeSimulate: () => Promise<boolean>;
}

function Panel({ value, children }: { value: SideTab; children: ReactNode }) {
  return (
    <Tabs.Panel value={value} style={{ flex: 1, minHeight: 0 }}>
      {children}
    </Tabs.Panel>
  );
}

export function SidePanel({ tab, onTab, botId, versionsKey, onRolledBack, beforeSimulate }: Props) {
  // the same count as the Publish button's tooltip: problems to fix first, else the warnings
  const blocking = useFlowStore((s) => issueCounts(s).blocking);
  const warnings = useFlowStore((s) => issueCounts(s).warnings);
  const shown = blocking > 0 ? blocking : warnings;
  const label = [blocking > 0 && `${plural(blocking, 'problem')} to fix`, warnings > 0 && plural(warnings, 'warning')].filter(Boolean).join(', ');
  return (
    <Tabs
      value={tab}
      onChange={(v) => v && onTab(v as SideTab)}
      style={{
        display: 'flex',
        flexDirection: 'column',
        height: '100%',
        background: 'white',
        borderLeft: '1px solid var(--mantine-color-gray-3)',
      }}
    >
      <Tabs.List grow aria-label="Side panel">
        <Tabs.Tab value="step">Step</Tabs.Tab>
        <Tabs.Tab
          value="problems"
          rightSection={
            shown > 0 ? (
              <Badge size="xs" circle color={blocking > 0 ? 'red.8' : 'orange.9'} data-testid="problem-count" aria-label={label} title={label}>
                {shown}
              </Badge>
            ) : null
          }
        >
          Problems
        </Tabs.Tab>
        <Tabs.Tab value="simulator">Try it</Tabs.Tab>
        <Tabs.Tab value="versions">Versions</Tabs.Tab>
      </Tabs.List>
      <Panel value="step">
        <NodeSettingsPanel />
      </Panel>
      <Panel value="problems">
        <ProblemsPanel onShowNode={() => onTab('step')} />
      </Panel>
      <Panel value="simulator">
        <SimulatorPanel botId={botId} beforeSend={beforeSimulate} />
      </Panel>
      <Panel value="versions">
        <VersionsPanel botId={botId} refreshKey={versionsKey} onRolledBack={onRolledBack} />
      </Panel>
    </Tabs>
  );
}
