// The small round "Cookie settings" button that stays on the page once the visitor has decided
// (it reopens the preferences), a polite status region that announces "your choice is saved", and
// a notice beside the button that tells why the page was just reloaded (after a withdrawal). All
// live in a shadow root of their own, themed by the same custom properties as the widget.

const CSS = ':host{all:initial}'
  + '.jl-open{position:fixed;z-index:2147482999;left:max(12px,env(safe-area-inset-left));bottom:max(12px,env(safe-area-inset-bottom));'
  + 'width:44px;height:44px;border-radius:50%;border:1px solid var(--jl-border,#d5d9e0);background:var(--jl-bg,#fff);color:var(--jl-accent,#0b4f9c);'
  + 'box-shadow:0 2px 10px rgba(10,14,22,.2);cursor:pointer;display:flex;align-items:center;justify-content:center;padding:0}'
  + '.jl-open:focus-visible{outline:3px solid var(--jl-focus,#c2410c);outline-offset:2px}'
  + '.jl-open[hidden]{display:none}.jl-open svg{width:24px;height:24px}'
  + '.jl-status{position:fixed;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}'
  + '.jl-notice{position:fixed;z-index:2147482999;left:calc(max(12px,env(safe-area-inset-left)) + 56px);bottom:max(12px,env(safe-area-inset-bottom));'
  + 'box-sizing:border-box;max-width:min(380px,calc(100vw - 80px));display:flex;align-items:flex-start;gap:8px;padding:10px 6px 10px 14px;'
  + 'border:1px solid var(--jl-border,#d5d9e0);border-radius:var(--jl-radius,12px);background:var(--jl-bg,#fff);color:var(--jl-fg,#1a1d23);'
  + 'box-shadow:0 2px 10px rgba(10,14,22,.2);font:14px/1.4 var(--jl-font,system-ui,sans-serif)}'
  + '.jl-open[hidden]+.jl-notice{left:max(12px,env(safe-area-inset-left));max-width:min(380px,calc(100vw - 24px))}'
  + '.jl-notice[hidden]{display:none}.jl-notice p{margin:2px 0}'
  + '.jl-notice button{flex:none;width:32px;height:32px;border:0;border-radius:50%;background:transparent;color:inherit;font:20px/1 var(--jl-font,system-ui,sans-serif);cursor:pointer}'
  + '.jl-notice button:focus-visible{outline:3px solid var(--jl-focus,#c2410c);outline-offset:1px}'
  + '@media (prefers-color-scheme:dark){.jl-open{background:var(--jl-bg,#171b22);color:var(--jl-accent,#7db4f5);border-color:var(--jl-border,#38404d)}'
  + '.jl-notice{background:var(--jl-bg,#171b22);color:var(--jl-fg,#e8ebf0);border-color:var(--jl-border,#38404d)}}';
const COOKIE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a10 10 0 1 0 10 10 4 4 0 0 1-4-4 4 4 0 0 1-4-4 2 2 0 0 0-2-2Zm-3.5 7a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm6 4a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Zm-7 3a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z"/></svg>';

/** Adopts `css` into `root` (a shadow root): a constructed stylesheet, or a <style> where there is none. */
export function adoptStyles(root, css, document, window) {
  try {
    const sheet = new window.CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...(root.adoptedStyleSheets || []), sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}

/** The control, created on first use (once <body> exists); `label` is its accessible name. */
export function createSettingsControl(document, window, label, onopen) {
  let control = null;
  const ensure = () => {
    if (control || !document.body) return control;
    const host = document.createElement('jl-consent-settings');
    const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    adoptStyles(root, CSS, document, window);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'jl-open';
    button.hidden = true;
    button.title = label;
    button.setAttribute('aria-label', label);
    button.setAttribute('aria-haspopup', 'dialog');
    button.innerHTML = COOKIE_ICON;
    button.addEventListener('click', onopen);
    const status = document.createElement('div');
    status.className = 'jl-status';
    status.setAttribute('role', 'status');
    // The notice: its text is a live region of its own; the close button sits beside it.
    const notice = document.createElement('div');
    notice.className = 'jl-notice';
    notice.hidden = true;
    const noticeText = document.createElement('p');
    noticeText.setAttribute('role', 'status');
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.addEventListener('click', () => { notice.hidden = true; });
    notice.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') notice.hidden = true;
    });
    notice.append(noticeText, close);
    root.append(button, notice, status);
    document.body.append(host);
    control = { button, status, notice, noticeText, close };
    return control;
  };
  return {
    /** Shows or hides the button (created only once it is first shown). */
    show(visible) {
      const current = visible ? ensure() : control;
      if (current) current.button.hidden = !visible;
    },
    /** Moves focus to the button (when it is shown). */
    focus() {
      if (control && !control.button.hidden) control.button.focus({ preventScroll: true });
    },
    /** Shows `message` beside the button until the visitor closes it (`closeLabel` names the close button), and announces it. */
    notify(message, closeLabel) {
      const current = ensure();
      if (!current) return;
      current.close.setAttribute('aria-label', closeLabel);
      current.close.title = closeLabel;
      current.noticeText.textContent = '';
      current.notice.hidden = false;
      // Filled a moment after the region is shown, so that screen readers announce it.
      window.setTimeout(() => { current.noticeText.textContent = message; }, 50);
    },
    /** Hides the notice. */
    dismiss() {
      if (control) control.notice.hidden = true;
    },
    /** Announces `message` to screen readers. */
    announce(message) {
      const current = ensure();
      if (!current) return;
      current.status.textContent = '';
      window.setTimeout(() => { current.status.textContent = message; }, 50);
    },
  };
}
