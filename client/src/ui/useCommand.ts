import { useCallback, useState } from "react";
import type { CommandInput, CommandName } from "../../../shared/commands";
import { useSendCommand } from "../store/hooks";
import { toast } from "./toasts";

const LABELS: Record<CommandName, string> = {
  "op:phase": "Phase change",
  "unit:register": "Unit registration",
  "unit:status": "Status change",
  "incident:report": "Incident report",
  "incident:correct": "Correction",
  "incident:reopen": "Reopen",
  "incident:grade": "Grading",
  "incident:assign": "Assignment",
  "incident:release": "Release",
  "incident:note": "Note",
  "incident:resolve": "Resolve",
  "incident:close": "Close",
  "report:submit": "Report",
  "report:promote": "Promote",
  "report:merge": "Merge",
  "report:dismiss": "Dismiss",
  "alert:send": "Alert",
  "decision:log": "Decision",
};

export interface CommandState {
  busy: boolean;
  /** True once an attempt went unanswered: the command is being retried with the same key. */
  retrying: boolean;
}

/**
 * Sends commands for a panel: tracks whether one is in flight and shows every refusal as a
 * toast (a refused command is never silent). `run` resolves true when the server accepted it.
 */
export function useCommand() {
  const send = useSendCommand();
  const [state, setState] = useState<CommandState>({ busy: false, retrying: false });

  const run = useCallback(
    async <N extends CommandName>(name: N, body: CommandInput<N>): Promise<boolean> => {
      setState({ busy: true, retrying: false });
      const ack = await send(name, body, { onRetry: () => setState({ busy: true, retrying: true }) });
      setState({ busy: false, retrying: false });
      if (!ack.ok) {
        const issues = ack.error.issues?.map((i) => `${i.path}: ${i.message}`).join("; ");
        toast(`${LABELS[name]} refused: ${ack.error.message}${issues ? ` (${issues})` : ""}`);
        return false;
      }
      return true;
    },
    [send],
  );

  return { run, ...state };
}
