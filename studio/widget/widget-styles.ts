// The widget's look, inside its shadow root so the host page's styles neither leak in nor out.
// Colours meet WCAG AA contrast; every control shows a visible focus ring; on a phone-sized screen
// the open chat takes the whole screen.
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button { font: inherit; cursor: pointer; }
button:focus-visible, textarea:focus-visible { outline: 3px solid #f59f00; outline-offset: 2px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 999px; padding: 14px 20px; background: #1864ab; color: #fff; font-size: 16px; font-weight: 600; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher:hover { background: #1c4f8c; }
.panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483000; width: 360px; height: min(560px, calc(100vh - 110px)); display: flex; flex-direction: column; background: #fff; color: #1a1b1e; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; }
.panel[hidden] { display: none; }
.mode-page .panel { position: static; width: 100%; height: 100vh; border-radius: 0; box-shadow: none; }
header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 12px 14px; background: #1864ab; color: #fff; }
header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.close { border: 0; background: transparent; color: #fff; font-size: 15px; padding: 6px 10px; border-radius: 6px; }
.close:hover { background: rgba(255,255,255,.15); }
.log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 8px; background: #f8f9fa; }
.bubble { max-width: 85%; padding: 9px 12px; border-radius: 14px; line-height: 1.4; font-size: 15px; white-space: pre-wrap; overflow-wrap: anywhere; }
.bubble.bot { align-self: flex-start; background: #fff; border: 1px solid #dee2e6; border-bottom-left-radius: 4px; }
.bubble.me { align-self: flex-end; background: #1864ab; color: #fff; border-bottom-right-radius: 4px; }
.bubble a { color: inherit; }
.notice { align-self: center; font-size: 13px; color: #495057; text-align: center; }
.typing { align-self: flex-start; font-size: 13px; color: #495057; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 14px 0; background: #fff; }
.choices:empty { display: none; }
.choice { border: 1px solid #1864ab; color: #1864ab; background: #fff; border-radius: 999px; padding: 7px 13px; font-size: 14px; }
.choice:hover { background: #e7f5ff; }
form { display: flex; gap: 8px; padding: 10px 14px 14px; background: #fff; border-top: 1px solid #e9ecef; }
textarea { flex: 1; resize: none; border: 1px solid #adb5bd; border-radius: 10px; padding: 9px 11px; font-size: 15px; line-height: 1.35; max-height: 120px; color: #1a1b1e; }
.send { border: 0; border-radius: 10px; padding: 0 16px; background: #1864ab; color: #fff; font-weight: 600; font-size: 15px; }
.send:disabled { background: #868e96; cursor: default; }
.error { padding: 0 14px 8px; color: #c92a2a; font-size: 13px; background: #fff; }
.error:empty { display: none; }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; border-radius: 0; }
  .launcher { right: 12px; bottom: 12px; }
}
`;
