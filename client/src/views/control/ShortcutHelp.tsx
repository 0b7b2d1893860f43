import { useEffect, useRef } from "react";
import { keyLabel, SHORTCUTS, type Shortcut } from "./shortcuts";

const GROUPS: Shortcut["group"][] = ["Triage", "Incidents", "Board"];

/** The keyboard shortcuts, listed from the same table the key handler reads (press ?). */
export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(function takeFocus() {
    close.current?.focus();
  }, []);
  return (
    <div className="shortcut-backdrop">
      <div className="shortcut-help" role="dialog" aria-modal="true" aria-labelledby="shortcut-title">
        <header className="shortcut-head">
          <h2 id="shortcut-title">Keyboard shortcuts</h2>
          <button ref={close} type="button" className="btn" onClick={onClose}>
            Close (Esc)
          </button>
        </header>
        <div className="shortcut-groups">
          {GROUPS.map((group) => (
            <section key={group}>
              <h3>{group}</h3>
              <dl>
                {SHORTCUTS.filter((s) => s.group === group).map((s) => (
                  <div key={s.action} className="shortcut-row">
                    <dt>
                      <kbd>{keyLabel(s)}</kbd>
                    </dt>
                    <dd>{s.label}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <p className="muted small">
          A triage takes two keys when the suggestion is right: <kbd>N</kbd> for the oldest waiting report, then <kbd>M</kbd> to merge it
          into the suggested incident or <kbd>I</kbd> <kbd>S</kbd> <kbd>E</kbd> <kbd>R</kbd> to promote it at that grade. The next report is
          then in focus. Keys do nothing while you type in a field.
        </p>
      </div>
    </div>
  );
}
