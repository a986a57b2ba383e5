// "botloom-template": plain text with {{variables}} highlighted, and completion of the
// variables the flow defines (state.*, contact.*, message.text), offered only inside an
// unfinished "{{": also in JSON, where a lone "{" is just JSON.
import type * as Monaco from 'monaco-editor';
import { variableQueryAt } from '../text/variable-query';
import { currentVariables } from './variable-catalogue';

export const TEMPLATE_LANGUAGE = 'botloom-template';

export function registerTemplateLanguage(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === TEMPLATE_LANGUAGE)) return;
  monaco.languages.register({ id: TEMPLATE_LANGUAGE });
  monaco.languages.setMonarchTokensProvider(TEMPLATE_LANGUAGE, {
    tokenizer: {
      root: [
        [/\{\{[^}]*\}\}/, 'variable'],
        [/[^{]+/, ''],
        [/\{/, ''],
      ],
    },
  });
  monaco.editor.defineTheme('botloom', {
    base: 'vs',
    inherit: true,
    rules: [{ token: 'variable', foreground: '3b5bdb', fontStyle: 'bold' }],
    colors: { 'editor.background': '#ffffff' },
  });
  const provider: Monaco.languages.CompletionItemProvider = {
    triggerCharacters: ['{'],
    provideCompletionItems(model, position) {
      const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const query = variableQueryAt(line, line.length);
      if (!query) return { suggestions: [] };
      const range = new monaco.Range(position.lineNumber, position.column - query.query.length, position.lineNumber, position.column);
      const suggestions = currentVariables().map((v) => ({
        label: { label: v.label, description: v.path },
        filterText: `${v.path} ${v.label}`,
        kind: monaco.languages.CompletionItemKind.Variable,
        detail: v.detail,
        insertText: `${v.path}}}`,
        range,
      }));
      return { suggestions };
    },
  };
  monaco.languages.registerCompletionItemProvider(TEMPLATE_LANGUAGE, provider);
  monaco.languages.registerCompletionItemProvider('json', provider);
}
