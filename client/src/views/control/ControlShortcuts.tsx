import { useEffect } from "react";
import { maySend } from "../../../../shared/commandRoles";
import type { CommandName } from "../../../../shared/commands";
import type { Grade } from "../../../../shared/domain";
import { useBoardContext } from "../../store/BoardContext";
import { useUser } from "../../store/hooks";
import { useReadOnly } from "../../store/readOnly";
import { toast } from "../../ui/toasts";
import { useCommand } from "../../ui/useCommand";
import { focusIncidentSearch, openCreate } from "./controlUi";
import { ShortcutHelp } from "./ShortcutHelp";
import { type ShortcutAction, shortcutFor } from "./shortcuts";
import { neighbourReport, suggestedMerge } from "./triageHelp";
import { triageUi, useTriageUi } from "./triageUi";
import { recommendedAssignment } from "./useRecommendations";

const GRADE_OF: Partial<Record<ShortcutAction, Grade>> = { gradeI: "I", gradeS: "S", gradeE: "E", gradeR: "R" };

/** The command each acting key sends: a role that may not send it (Gold) gets a word, not a refusal from the server. */
const COMMAND_OF: Partial<Record<ShortcutAction, [CommandName, string]>> = {
  gradeI: ["incident:grade", "grade"],
  gradeS: ["incident:grade", "grade"],
  gradeE: ["incident:grade", "grade"],
  gradeR: ["incident:grade", "grade"],
  merge: ["report:merge", "merge reports"],
  dismiss: ["report:dismiss", "dismiss reports"],
  assignRecommended: ["incident:assign", "assign units"],
  newIncident: ["incident:report", "create incidents"],
};

/**
 * The board's keyboard: one listener on the window turns keys into the actions in `SHORTCUTS`.
 * A triage action moves the focus to the next waiting report, so a report whose suggestion is
 * right takes two keys (N, then M or a grade) and the ones after it one each.
 */
export function ControlShortcuts({ showUnits }: { showUnits(): void }) {
  const { store } = useBoardContext();
  const { run } = useCommand();
  const help = useTriageUi((s) => s.help);
  const role = useUser()?.role;
  const readOnly = useReadOnly();

  useEffect(
    function followSelection() {
      // The grade keys act on whichever was chosen last: a report in triage or an incident.
      return store.subscribe((b, prev) => {
        if (b.selection.reportId && b.selection.reportId !== prev.selection.reportId) triageUi.getState().setTarget("report");
        else if (b.selection.incidentId && b.selection.incidentId !== prev.selection.incidentId) triageUi.getState().setTarget("incident");
      });
    },
    [store],
  );

  useEffect(
    function listenForKeys() {
      const onKey = (e: KeyboardEvent) => {
        const target = e.target instanceof HTMLElement ? e.target : null;
        const action = shortcutFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, target });
        if (!action) return;
        // Inside a form's dialog the keys are the form's, but for the help list and Escape.
        if (target?.closest('[role="dialog"]') && action !== "help" && action !== "escape") return;
        e.preventDefault();
        const [needs, what] = COMMAND_OF[action] ?? [];
        if (needs && (readOnly || !role || !maySend(role, needs)))
          return void toast(role === "gold" ? "Gold's board is read-only: decisions only." : `Your role cannot ${what} from this board.`);
        void perform(action);
      };
      const select = (reportId: string | null) => store.getState().select({ reportId });
      const advance = (fromId: string) => select(neighbourReport(store.getState().state, fromId, 1, true));

      async function perform(action: ShortcutAction): Promise<void> {
        const { state, selection, positionsStore } = store.getState();
        const ui = triageUi.getState();
        const report = selection.reportId ? state.reports[selection.reportId] : undefined;
        const onReport = ui.target === "report" && report?.status === "new" ? report : undefined;
        const incident = selection.incidentId ? state.incidents[selection.incidentId] : undefined;
        const grade = GRADE_OF[action];
        if (grade) {
          if (onReport) {
            if (await run("report:promote", { reportId: onReport.id, grade })) advance(onReport.id);
          } else if (incident) await run("incident:grade", { incidentId: incident.id, grade });
          else toast("Choose a report (N) or an incident first.");
          return;
        }
        switch (action) {
          case "nextReport":
          case "previousReport":
            select(neighbourReport(state, selection.reportId, action === "nextReport" ? 1 : -1, false));
            return;
          case "merge": {
            if (!onReport) return void toast("Choose a report first (N).");
            const into = suggestedMerge(state, onReport);
            if (!into) return ui.openCard(onReport.id, "merge");
            if (await run("report:merge", { reportId: onReport.id, incidentId: into.id })) advance(onReport.id);
            return;
          }
          case "dismiss":
            return onReport ? ui.openCard(onReport.id, "dismiss") : void toast("Choose a report first (N).");
          case "assignRecommended": {
            if (!incident) return void toast("Select an incident first.");
            const pick = recommendedAssignment(state, positionsStore.getState().positions, incident);
            if (!pick) return void toast(`No suitable unit is available for ${incident.ref}.`);
            await run("incident:assign", pick);
            return;
          }
          case "newIncident":
            return openCreate();
          case "focusSearch":
            return focusIncidentSearch();
          case "focusUnitSearch":
            showUnits();
            requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-search="units"]')?.focus());
            return;
          case "help":
            return ui.toggleHelp();
          case "escape":
            if (ui.help) return ui.toggleHelp(false);
            if (ui.open) return ui.closeCard();
            return select(null);
        }
      }

      window.addEventListener("keydown", onKey);
      return () => window.removeEventListener("keydown", onKey);
    },
    [store, run, showUnits, role, readOnly],
  );

  return help ? <ShortcutHelp onClose={() => triageUi.getState().toggleHelp(false)} /> : null;
}
