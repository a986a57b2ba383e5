// Import and export from the editor. An import is one undoable step: Botloom files go into
// the draft and autosave saves them (PUT); anything else goes to the server's ChatBoost import.
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { flowApi } from '../api/botloom-api';
import { describeError } from '../api/http';
import { useFlowStoreApi } from '../store/flow-store-context';
import { fromStored, toStoredEdges, toStoredNodes } from '../store/flow-document';
import type { Autosave } from './autosave';
import { botloomFileErrors, downloadJson, fileNameFor, readJsonFile, recognise } from './flow-file';

export function useFlowFile(botName: string, autosave: Autosave, onReplaced: () => void) {
  const store = useFlowStoreApi();

  const exportFlow = useCallback(() => {
    const { nodes, edges } = store.getState();
    downloadJson(fileNameFor(botName), {
      format: 'botloom-flow',
      name: botName,
      exportedAt: new Date().toISOString(),
      nodes: toStoredNodes(nodes),
      edges: toStoredEdges(edges),
    });
  }, [botName, store]);

  const importFile = useCallback(
    async (file: File) => {
      try {
        const parsed = recognise(await readJsonFile(file));
        if (parsed.kind === 'botloom') {
          const errors = botloomFileErrors(parsed.nodes, parsed.edges);
          if (errors.length > 0) throw new Error(`This flow cannot be imported: ${errors.slice(0, 3).join('; ')}`);
          const { nodes, edges } = fromStored(parsed.nodes, parsed.edges);
          store.getState().importFlow({ nodes, edges });
          onReplaced();
          await autosave.flush();
          notifications.show({
            color: 'teal',
            title: 'Flow imported',
            message: `${nodes.length} steps from ${file.name}. Undo with Ctrl+Z.`,
          });
          return;
        }
        // the server's ChatBoost import writes the main flow's draft
        if (!store.getState().flow.main) throw new Error('ChatBoost files import into the main flow: open the main flow to import this file');
        await autosave.flush();
        const { botId, save } = store.getState();
        if (save.status === 'conflict') throw new Error('Reload the editor first: this bot was changed in another tab');
        const answer = await flowApi.importChatBoost(botId, parsed.content);
        const { nodes, edges } = fromStored(answer.nodes, answer.edges);
        store.getState().importFlow({ nodes, edges });
        store.getState().setSave({ status: 'saved', rev: answer.rev, savedAt: Date.now() });
        autosave.resetBaseline();
        onReplaced();
        const warnings = (answer.warnings ?? []).map((w) => (typeof w === 'string' ? w : w.message));
        notifications.show({
          color: warnings.length > 0 ? 'orange' : 'teal',
          title: 'ChatBoost flow imported',
          message:
            warnings.length > 0
              ? `${nodes.length} steps. Check: ${warnings.slice(0, 3).join('; ')}`
              : `${nodes.length} steps from ${file.name}. Undo with Ctrl+Z.`,
          autoClose: warnings.length > 0 ? 12000 : 5000,
        });
      } catch (err) {
        notifications.show({ color: 'red', title: 'Import failed', message: describeError(err), autoClose: 10000 });
      }
    },
    [autosave, onReplaced, store],
  );

  return { exportFlow, importFile };
}
