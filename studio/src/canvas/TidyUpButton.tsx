// "Tidy up": lays every step out left to right the way the exits lead (auto-layout.ts, in a web
// worker), as one undoable change, then shows the flow at a readable zoom.
import { Button, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLayoutDistributeVertical } from '@tabler/icons-react';
import type { XYPosition } from '@xyflow/react';
import { useCallback, useState } from 'react';
import { activeHandles } from '@botloom/shared';
import { useFlowStoreApi } from '../store/flow-store-context';
import { rectOf } from './free-spot';
import type { LayoutRequest } from './auto-layout.worker';
import { useShowReadableView } from './readable-view';

function layOutInWorker(request: LayoutRequest): Promise<Map<string, XYPosition>> {
  const worker = new Worker(new URL('./auto-layout.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Map<string, XYPosition>>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<[string, XYPosition][]>) => resolve(new Map(event.data));
    worker.onerror = (event) => reject(new Error(event.message || 'the layout failed'));
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

export function TidyUpButton() {
  const store = useFlowStoreApi();
  const showReadable = useShowReadableView();
  const [busy, setBusy] = useState(false);
  const tidy = useCallback(async () => {
    setBusy(true);
    try {
      const { nodes, edges } = store.getState();
      const positions = await layOutInWorker({
        nodes: nodes.map((n) => {
          const exits = activeHandles(n.type, n.data);
          const { width, height } = rectOf(n, exits.length);
          return { id: n.id, width, height, exits };
        }),
        edges: edges.map(({ source, target, sourceHandle }) => ({ source, target, sourceHandle })),
      });
      // applied to the flow as it is now; importFlow is one undo step: Ctrl+Z puts every step back
      const now = store.getState();
      now.importFlow({ nodes: now.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })), edges: now.edges });
      // once React Flow has the new positions
      requestAnimationFrame(() => showReadable(200));
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not tidy up', message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }, [showReadable, store]);
  return (
    <Tooltip label="Lay the steps out left to right, the way the exits lead (Ctrl+Z puts them back)">
      <Button
        size="xs"
        variant="default"
        leftSection={<IconLayoutDistributeVertical size={16} aria-hidden />}
        onClick={() => void tidy()}
        loading={busy}
        data-testid="tidy-up"
      >
        Tidy up
      </Button>
    </Tooltip>
  );
}
