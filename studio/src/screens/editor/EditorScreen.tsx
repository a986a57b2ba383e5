// Opens one flow of a bot in the editor (the main flow, or `?flow=<id>`): loads the bot, its flows
// and that flow's draft, creates the editor's own store with validation and autosave attached, and
// tears them down on leaving or switching flows (saving what is pending first).
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { botsApi, flowsApi } from '../../api/botloom-api';
import { describeError } from '../../api/http';
import type { BotDetail, DraftView, FlowSummary } from '../../api/types';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { attachAutosave, type Autosave } from '../../editor/autosave';
import { EditorWorkspace } from '../../editor/EditorWorkspace';
import { flowContextOf, FlowsContext, type FlowsInfo } from '../../editor/flows-context';
import { setFlowNames } from '../../nodes/jump/flow-names';
import { attachValidation } from '../../store/attach-validation';
import { createFlowStore, type FlowStore } from '../../store/create-flow-store';
import { fromStored } from '../../store/flow-document';
import { FlowStoreProvider } from '../../store/flow-store-context';

interface OpenEditor {
  bot: BotDetail;
  draft: DraftView;
  store: FlowStore;
  autosave: Autosave;
}

export function EditorScreen() {
  const { botId = '' } = useParams();
  const [params] = useSearchParams();
  const flowParam = params.get('flow');
  const [editor, setEditor] = useState<OpenEditor | null>(null);
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let teardown = () => {};
    setEditor(null);
    setError(null);
    Promise.all([botsApi.get(botId), flowsApi.list(botId)])
      .then(async ([bot, list]) => {
        const draft = flowParam && flowParam !== bot.flow.flowId ? await flowsApi.draft(botId, flowParam) : bot.flow;
        return { bot, list, draft };
      })
      .then(
        ({ bot, list, draft }) => {
          if (cancelled) return;
          const { unknownTypes: _unknown, ...flow } = fromStored(draft.nodes, draft.edges);
          const edited = { id: draft.flowId, name: draft.name, main: draft.main };
          const store = createFlowStore(bot.id, flow, draft.rev, edited);
          store.getState().setFlowContext(flowContextOf(edited, list));
          setFlowNames(list);
          const stopValidation = attachValidation(store);
          const autosave = attachAutosave(store);
          teardown = () => {
            void autosave.flush();
            autosave.dispose();
            stopValidation();
          };
          setFlows(list);
          setEditor({ bot, draft, store, autosave });
        },
        (err: unknown) => !cancelled && setError(describeError(err)),
      );
    return () => {
      cancelled = true;
      teardown();
    };
  }, [botId, flowParam, attempt]);

  const store = editor?.store;
  const reload = useCallback(async () => {
    const list = await flowsApi.list(botId);
    setFlows(list);
    setFlowNames(list);
    if (store) store.getState().setFlowContext(flowContextOf(store.getState().flow, list));
  }, [botId, store]);

  const flowsInfo = useMemo<FlowsInfo | null>(
    () => (editor ? { botId, flows, current: { id: editor.draft.flowId, name: flows?.find((f) => f.id === editor.draft.flowId)?.name ?? editor.draft.name, main: editor.draft.main }, reload } : null),
    [botId, editor, flows, reload],
  );

  if (error) return <ErrorState title="Could not open this bot" message={error} onRetry={() => setAttempt((a) => a + 1)} />;
  if (!editor || !flowsInfo) return <LoadingState label="Opening the editor…" fullScreen />;
  return (
    <FlowStoreProvider store={editor.store}>
      <FlowsContext.Provider value={flowsInfo}>
        <ReactFlowProvider>
          <EditorWorkspace key={editor.draft.flowId} bot={editor.bot} autosave={editor.autosave} />
        </ReactFlowProvider>
      </FlowsContext.Provider>
    </FlowStoreProvider>
  );
}
