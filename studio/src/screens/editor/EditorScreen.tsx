// Opens a bot in the editor: loads its draft, creates the editor's own store with validation
// and autosave attached, and tears them down on leaving.
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { botsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotDetail } from '../../api/types';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { attachAutosave, type Autosave } from '../../editor/autosave';
import { EditorWorkspace } from '../../editor/EditorWorkspace';
import { attachValidation } from '../../store/attach-validation';
import { createFlowStore, type FlowStore } from '../../store/create-flow-store';
import { fromStored } from '../../store/flow-document';
import { FlowStoreProvider } from '../../store/flow-store-context';

interface OpenEditor {
  bot: BotDetail;
  store: FlowStore;
  autosave: Autosave;
}

export function EditorScreen() {
  const { botId = '' } = useParams();
  const [editor, setEditor] = useState<OpenEditor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let teardown = () => {};
    setEditor(null);
    setError(null);
    botsApi.get(botId).then(
      (bot) => {
        if (cancelled) return;
        const { unknownTypes: _unknown, ...flow } = fromStored(bot.flow.nodes, bot.flow.edges);
        const store = createFlowStore(bot.id, flow, bot.flow.rev);
        const stopValidation = attachValidation(store);
        const autosave = attachAutosave(store);
        teardown = () => {
          void autosave.flush();
          autosave.dispose();
          stopValidation();
        };
        setEditor({ bot, store, autosave });
      },
      (err: unknown) => !cancelled && setError(describeError(err)),
    );
    return () => {
      cancelled = true;
      teardown();
    };
  }, [botId, attempt]);

  if (error) return <ErrorState title="Could not open this bot" message={error} onRetry={() => setAttempt((a) => a + 1)} />;
  if (!editor) return <LoadingState label="Opening the editor…" fullScreen />;
  return (
    <FlowStoreProvider store={editor.store}>
      <ReactFlowProvider>
        <EditorWorkspace bot={editor.bot} autosave={editor.autosave} />
      </ReactFlowProvider>
    </FlowStoreProvider>
  );
}
