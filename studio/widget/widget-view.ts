// The widget's DOM: a launcher button and a chat panel (header, conversation log, choice buttons,
// message box), in a shadow root. Keyboard: Enter sends (Shift+Enter: a new line), Escape closes
// and gives focus back to the launcher; the log is announced to screen readers as it grows.
import { WIDGET_CSS } from './widget-styles';

export interface ViewHandlers {
  onOpen(): void;
  onSend(text: string): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "Pick one\n1. Red\n2. Blue" shows as "Pick one" above two buttons. */
export function promptOf(text: string, choices: readonly string[]): string {
  const options = choices.map((c, i) => `${i + 1}. ${c}`).join('\n');
  if (text === options) return '';
  return text.endsWith(`\n${options}`) ? text.slice(0, -options.length - 1) : text;
}

export function createWidgetView(mode: 'bubble' | 'page', handlers: ViewHandlers) {
  const host = el('div', { 'data-botloom-chat': '' });
  const shadow = host.attachShadow({ mode: 'open' });
  const style = el('style');
  style.textContent = WIDGET_CSS;
  const wrap = el('div', { class: `mode-${mode}` });
  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'botloom-panel' }, 'Chat with us');
  const panel = el('section', { class: 'panel', id: 'botloom-panel', role: 'dialog', 'aria-label': 'Chat' });
  const header = el('header');
  const title = el('h2', { id: 'botloom-title' }, 'Chat');
  const close = el('button', { class: 'close', type: 'button', 'aria-label': 'Close chat' }, 'Close');
  const log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const choices = el('div', { class: 'choices', role: 'group', 'aria-label': 'Choices' });
  const error = el('div', { class: 'error', role: 'alert' });
  const form = el('form');
  const label = el('label', { class: 'sr-only', for: 'botloom-input' }, 'Your message');
  const input = el('textarea', { id: 'botloom-input', rows: '1', maxlength: '2000', placeholder: 'Write a message…', autocomplete: 'off' });
  const send = el('button', { class: 'send', type: 'submit' }, 'Send');

  header.append(title, ...(mode === 'bubble' ? [close] : []));
  form.append(label, input, send);
  panel.append(header, log, choices, error, form);
  wrap.append(...(mode === 'bubble' ? [launcher] : []), panel);
  shadow.append(style, wrap);
  if (mode === 'bubble') panel.hidden = true;

  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.textContent = open ? 'Hide chat' : 'Chat with us';
    if (open) {
      input.focus();
      handlers.onOpen();
    } else launcher.focus();
  };
  launcher.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => setOpen(false));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && mode === 'bubble') {
      e.preventDefault();
      setOpen(false);
    }
  });
  const submit = () => {
    const text = input.value.trim();
    if (!text || send.disabled) return;
    input.value = '';
    handlers.onSend(text);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });

  let typing: HTMLElement | null = null;
  const scroll = () => (log.scrollTop = log.scrollHeight);

  return {
    mount(): void {
      document.body.append(host);
      if (mode === 'page') handlers.onOpen();
    },
    setTitle(text: string): void {
      title.textContent = text;
      panel.setAttribute('aria-label', `Chat with ${text}`);
    },
    /** A message in the log; a bot message with choices offers them as buttons. */
    add(who: 'bot' | 'me', text: string, offered: readonly string[] = [], mediaUrl?: string): void {
      const bubble = el('div', { class: `bubble ${who}` });
      const shown = who === 'bot' ? promptOf(text, offered) : text;
      const speaker = el('span', { class: 'sr-only' }, who === 'bot' ? 'Bot: ' : 'You: ');
      bubble.append(speaker, shown);
      if (mediaUrl && /^https?:/i.test(mediaUrl)) {
        const link = el('a', { href: mediaUrl, target: '_blank', rel: 'noopener noreferrer' }, shown ? ' (attachment)' : 'Attachment');
        bubble.append(link);
      }
      if (shown || mediaUrl) log.insertBefore(bubble, typing);
      if (who === 'bot') this.offer(offered);
      scroll();
    },
    offer(offered: readonly string[]): void {
      choices.replaceChildren(
        ...offered.map((choice) => {
          const button = el('button', { class: 'choice', type: 'button' }, choice);
          button.addEventListener('click', () => {
            if (!send.disabled) handlers.onSend(choice);
          });
          return button;
        }),
      );
    },
    notice(text: string): void {
      log.insertBefore(el('div', { class: 'notice' }, text), typing);
      scroll();
    },
    busy(on: boolean): void {
      send.disabled = on;
      if (on && !typing) {
        typing = el('div', { class: 'typing' }, '…');
        typing.setAttribute('aria-label', 'The bot is answering');
        log.append(typing);
        scroll();
      } else if (!on && typing) {
        typing.remove();
        typing = null;
      }
    },
    error(text: string): void {
      error.textContent = text;
    },
    restore(text: string): void {
      if (!input.value) input.value = text;
    },
  };
}

export type WidgetView = ReturnType<typeof createWidgetView>;
