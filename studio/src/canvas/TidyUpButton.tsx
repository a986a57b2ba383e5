// "Tidy up": lays every step out left to right the way the exits lead (auto-layout.ts), as one
// undoable change, then shows the flow at a readable zoom.
import { Button, Tooltip } from '@mantine/core';
import { IconLayoutDistributeVertical } from '@tabler/icons-react';
import { useCallback } from 'react';
import { useFlowStoreApi } from '../store/flow-store-context';
import { tidyLayout } from './auto-layout';
import { useShowReadableView } from './readable-view';

export function TidyUpButton() {
  const store = useFlowStoreApi();
  const showReadable = useShowReadableView();
  const tidy = useCallback(() => {
    const { nodes, edges, importFlow } = store.getState();
    const positions = tidyLayout(nodes, edges);
    // importFlow replaces nodes and edges as one undo step: Ctrl+Z puts every step back
    importFlow({ nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })), edges });
    // once React Flow has the new positions
    requestAnimationFrame(() => showReadable(200));
  }, [showReadable, store]);
  return (
    <Tooltip label="Lay the steps out left to right, the way the exits lead (Ctrl+Z puts them back)">
      <Button
        size="xs"
        variant="default"
        leftSection={<IconLayoutDistributeVertical size={16} aria-hidden />}
        onClick={tidy}
        data-testid="tidy-up"
      >
        Tidy up
      </Button>
    </Tooltip>
  );
}
