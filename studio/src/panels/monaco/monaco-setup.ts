// Monaco comes from the bundle, never a CDN: @monaco-editor/react is handed the bundled
// monaco-editor, and its web workers are built by Vite from ?worker imports.
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { registerTemplateLanguage } from './template-language';

self.MonacoEnvironment = {
  getWorker: (_workerId: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

loader.config({ monaco });
registerTemplateLanguage(monaco);

export { monaco };
