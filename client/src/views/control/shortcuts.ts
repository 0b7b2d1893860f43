/**
 * The control board's keyboard shortcuts, as data: one table drives the key handler and the help
 * overlay, so what the overlay lists is what the keys do. Single keys without modifiers, as a
 * control-room keyboard is used with one hand while the other holds the radio.
 */

export const SHORTCUT_ACTIONS = [
  "nextReport",
  "previousReport",
  "gradeI",
  "gradeS",
  "gradeE",
  "gradeR",
  "merge",
  "dismiss",
  "assignRecommended",
  "newIncident",
  "focusSearch",
  "focusUnitSearch",
  "help",
  "escape",
] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it. */
  keys: readonly string[];
  action: ShortcutAction;
  /** What the help overlay says it does. */
  label: string;
  group: "Triage" | "Incidents" | "Board";
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ["n", "j"], action: "nextReport", label: "Next steward report (oldest waiting first)", group: "Triage" },
  { keys: ["p", "k"], action: "previousReport", label: "Previous steward report", group: "Triage" },
  { keys: ["i", "I"], action: "gradeI", label: "Grade I — promote the report, or regrade the incident", group: "Triage" },
  { keys: ["s", "S"], action: "gradeS", label: "Grade S — promote the report, or regrade the incident", group: "Triage" },
  { keys: ["e", "E"], action: "gradeE", label: "Grade E — promote the report, or regrade the incident", group: "Triage" },
  { keys: ["r", "R"], action: "gradeR", label: "Grade R — promote the report, or regrade the incident", group: "Triage" },
  { keys: ["m", "M"], action: "merge", label: "Merge the report into the suggested incident (or choose one)", group: "Triage" },
  { keys: ["d", "D"], action: "dismiss", label: "Dismiss the report (asks for a reason)", group: "Triage" },
  { keys: ["a", "A"], action: "assignRecommended", label: "Assign the recommended unit to the selected incident", group: "Incidents" },
  { keys: ["c", "C"], action: "newIncident", label: "New incident (999 call, radio, CCTV…)", group: "Incidents" },
  { keys: ["/"], action: "focusSearch", label: "Search incidents", group: "Board" },
  { keys: ["u", "U"], action: "focusUnitSearch", label: "Search units", group: "Board" },
  { keys: ["?"], action: "help", label: "Show or hide this list", group: "Board" },
  { keys: ["Escape"], action: "escape", label: "Close this list; leave the report", group: "Board" },
];

const BY_KEY = new Map(SHORTCUTS.flatMap((s) => s.keys.map((k) => [k, s.action] as const)));

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Where the key was typed: a text field keeps its keys (except Escape). */
  target: { tagName?: string; isContentEditable?: boolean } | null;
}

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/** The action a key press asks for, or null when it is not a shortcut here. */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const typing = !!e.target && (TYPING.has(e.target.tagName ?? "") || e.target.isContentEditable === true);
  if (typing && e.key !== "Escape") return null;
  return BY_KEY.get(e.key) ?? null;
}

/** Keys as the help overlay shows them: "N / J", "I", "Esc". */
export function keyLabel(s: Shortcut): string {
  const labels = s.keys.map((k) => (k === "Escape" ? "Esc" : k.toUpperCase()));
  return [...new Set(labels)].join(" / ");
}
