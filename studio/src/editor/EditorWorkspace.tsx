// The editor: header, palette, canvas and side panel, wired to one flow store and autosave.
import type { NodeType, WarningChannel } from '@botloom/shared';
import { notifications } from '@mantine/notifications';
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { botsApi, channelsApi, flowsApi, resourcesApi } from '../api/botloom-api';
import { describeError } from '../api/http';
import type { BotChannels, BotDetail, Resource } from '../api/types';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { Palette } from '../canvas/Palette';
import { useShowReadableView } from '../canvas/readable-view';
import { ResourcesContext } from '../panels/form/resources-context';
import { setVariableSource, variablesOf } from '../panels/monaco/variable-catalogue';
import { useFlowStoreApi } from '../store/flow-store-context';
import { loadFlow } from '../store/load-flow';
import type { Autosave } from './autosave';
import { ConflictBanner } from './ConflictBanner';
import { EditorHeader } from './EditorHeader';
import { FlowBar } from './FlowBar';
import { flowPath, useFlows } from './flows-context';
import { LeaveGuard } from './LeaveGuard';
import { ReplayBar } from './ReplayBar';
import { useDropOffOverlay, useLiveCounts } from './use-live-counts';
import classes from './EditorWorkspace.module.css';
import { SidePanel, type SideTab } from './SidePanel';
import { useEditorShortcuts } from './use-editor-shortcuts';
import { useFlowFile } from './use-flow-file';
import { ReadOnlyContext } from './read-only';
import { useAuth } from '../app/auth-context';
import { roleCan } from '../app/permissions';

/** SMS when Twilio has an SMS sender; WhatsApp when Twilio has a WhatsApp sender or the Cloud API is connected. */
function channelsInUse(channels: BotChannels): WarningChannel[] {
  const used: WarningChannel[] = [];
  const { twilio, whatsapp } = channels;
  if (twilio.connected && twilio.from) used.push('sms');
  if ((twilio.connected && twilio.whatsappFrom) || whatsapp.connected) used.push('whatsapp');
  return used;
}

export function EditorWorkspace({ bot, autosave }: { bot: BotDetail; autosave: Autosave }) {
  const store = useFlowStoreApi();
  const role = useAuth().user?.role;
  const readOnly = !roleCan(role, 'bots:write');
  const { screenToFlowPosition } = useReactFlow();
  const showReadable = useShowReadableView();
  /** After the whole flow is replaced, show it at a readable zoom (once React Flow has the new nodes). */
  const showWholeFlow = useCallback(() => setTimeout(() => showReadable(200), 60), [showReadable]);
  const canvasRef = useRef<HTMLDivElement>(null);
  const [tab, setTab] = useState<SideTab>('step');
  const [publishedVersion, setPublishedVersion] = useState(bot.publishedVersion);
  const [versionsKey, setVersionsKey] = useState(0);
  const [resources, setResources] = useState<Resource[] | null>(null);
  const { exportFlow, importFile } = useFlowFile(bot.name, autosave, showWholeFlow);
  const [params, setParams] = useSearchParams();
  const replay = params.get('replay');
  const overlay = params.get('overlay') === 'analytics' && publishedVersion > 0;
  useLiveCounts(bot.id);
  useDropOffOverlay(bot.id, overlay);
  const setOverlay = useCallback(
    (on: boolean) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (on) next.set('overlay', 'analytics');
          else next.delete('overlay');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const loadResources = useCallback(() => {
    resourcesApi.list(bot.id).then(setResources, () => setResources([]));
  }, [bot.id]);
  useEffect(loadResources, [loadResources]);
  useEffect(() => {
    let cancelled = false;
    channelsApi.get(bot.id).then(
      (channels) => !cancelled && store.getState().setChannels(channelsInUse(channels)),
      () => undefined, // no channel advice when the channels cannot be read
    );
    return () => {
      cancelled = true;
    };
  }, [bot.id, store]);
  useEffect(() => setVariableSource(() => variablesOf(store.getState().nodes)), [store]);

  const reload = useCallback(async () => {
    try {
      const fresh = await botsApi.get(bot.id);
      const { flow } = store.getState();
      loadFlow(store, flow.main ? fresh.flow : await flowsApi.draft(bot.id, flow.id));
      autosave.resetBaseline();
      showWholeFlow();
      setPublishedVersion(fresh.publishedVersion);
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not reload', message: describeError(err) });
    }
  }, [autosave, bot.id, showWholeFlow, store]);

  const history = store.temporal.getState;
  useEditorShortcuts({
    undo: () => !readOnly && history().undo(),
    redo: () => !readOnly && history().redo(),
    copy: () => {
      const n = store.getState().copySelection();
      if (n > 0) notifications.show({ message: `Copied ${n} step${n > 1 ? 's' : ''}`, autoClose: 1500 });
    },
    paste: () => (readOnly ? 0 : store.getState().paste()),
    save: () => void autosave.flush(),
  });

  const addAtCentre = useCallback(
    (type: NodeType) => {
      const rect = canvasRef.current?.getBoundingClientRect();
      const point = screenToFlowPosition({
        x: (rect?.left ?? 0) + (rect?.width ?? 800) / 2,
        y: (rect?.top ?? 0) + (rect?.height ?? 600) / 2,
      });
      store.getState().addNode(type, { x: point.x - 115, y: point.y - 40 });
      setTab('step');
    },
    [screenToFlowPosition, store],
  );

  const { botId: flowsBotId, flows } = useFlows();
  const navigate = useNavigate();
  /** Opens another flow of the bot once this one's work is saved. */
  const openFlow = useCallback(
    async (flowId: string) => {
      const target = flows?.find((f) => f.id === flowId);
      if (!target || target.id === store.getState().flow.id) return;
      await autosave.flush();
      navigate(flowPath(flowsBotId, target));
    },
    [autosave, flows, flowsBotId, navigate, store],
  );

  const beforeSimulate = useCallback(async () => {
    await autosave.flush();
    return store.getState().save.status === 'saved';
  }, [autosave, store]);

  return (
    <ReadOnlyContext.Provider value={readOnly}>
      <ResourcesContext.Provider value={{ botId: bot.id, resources, reload: loadResources }}>
        <div className={classes.workspace}>
          <EditorHeader
            role={role}
            botId={bot.id}
            botName={bot.name}
            publishedVersion={publishedVersion}
            overlay={overlay}
            onOverlay={setOverlay}
            autosave={autosave}
            onUndo={() => history().undo()}
            onRedo={() => history().redo()}
            onExport={exportFlow}
            onImport={(file) => void importFile(file)}
            onPublished={(v) => {
              setPublishedVersion(v);
              setVersionsKey((k) => k + 1);
            }}
          />
          <FlowBar autosave={autosave} />
          <ConflictBanner onReload={() => void reload()} onDownload={exportFlow} />
          {!readOnly && <LeaveGuard autosave={autosave} />}
          <div className={classes.body} data-read-only={readOnly || undefined}>
            {!readOnly && <Palette onAdd={addAtCentre} />}
            <main className={classes.canvas} ref={canvasRef} aria-label="Flow editor">
              {replay && <ReplayBar conversationId={replay} onClose={() =>
                    setParams((p) => {
                      const next = new URLSearchParams(p);
                      next.delete('replay');
                      return next;
                    })
                  } />}
              <FlowCanvas onNodeOpened={() => setTab('step')} onOpenFlow={openFlow} />
            </main>
            <aside className={classes.side} aria-label="Step settings, problems, simulator and versions">
              <SidePanel
                tab={tab}
                onTab={setTab}
                botId={bot.id}
                versionsKey={versionsKey}
                beforeSimulate={beforeSimulate}
                onRolledBack={async (v) => {
                  await reload();
                  setPublishedVersion((p) => Math.max(p, v));
                }}
              />
            </aside>
          </div>
        </div>
      </ResourcesContext.Provider>
    </ReadOnlyContext.Provider>
  );
}
