import { useCallback, useRef, useState } from "react";
import type { CommandInput, CommandName } from "../../../shared/commands";
import type { CommandResult } from "../../../shared/protocol";
import { hasContiguousSeqs } from "../store/boardStore";
import { useSendCommand, useUser } from "../store/hooks";
import { useCommandBlock } from "../sync/linkStore";
import { deadlineAck } from "../sync/sendCommand";
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
  "incident:acknowledge": "Acknowledge",
  "incident:bronze-ack": "Bronze acknowledgement",
  "incident:release": "Release",
  "incident:note": "Note",
  "incident:resolve": "Resolve",
  "incident:close": "Close",
  "report:submit": "Report",
  "evidence:submit": "Evidence",
  "report:promote": "Promote",
  "report:merge": "Merge",
  "report:dismiss": "Dismiss",
  "alert:send": "Alert",
  "alert:seen": "Seen",
  "incident:methane": "METHANE report",
  "decision:log": "Decision",
};

export interface CommandState {
  /** A command is in flight, or this screen may not send one now (`blocked`): disable its buttons. */
  busy: boolean;
  /** True once an attempt went unanswered: the command is being retried with the same key. */
  retrying: boolean;
  /** Why commands are off on this screen now (control while the board is offline or behind), or null. */
  blocked: string | null;
}

/**
 * How long control's command may go unacknowledged before it is given up rather than resent: a
 * resend after a long drop would land on a picture the operator no longer sees.
 */
const CONTROL_DEADLINE_MS = 20_000;

/**
 * Sends commands for a panel: tracks whether one is in flight and shows every refusal as a
 * toast (a refused command is never silent). `run` resolves true when the server accepted it.
 *
 * Every command of every screen passes here, so this is where control's commands are gated on
 * the link (sync/linkRules.ts `commandBlock`): while the board is offline or catching up they
 * are not sent and not queued, because a queued "assign PSU 12" delivered minutes late may be
 * wrong by then. `busy` is true meanwhile, which disables the buttons that already honour it,
 * and `blocked` says why (for a tooltip); a keyboard shortcut that calls `run` gets a toast.
 */
export function useCommand() {
  const send = useSendCommand();
  const blocked = useCommandBlock();
  const control = hasContiguousSeqs(useUser()?.role);
  const blockedNow = useRef(blocked);
  blockedNow.current = blocked;
  const [state, setState] = useState({ busy: false, retrying: false });

  /** As `run`, resolving with the server's result (the event's seq) when accepted, else null. */
  const exec = useCallback(
    async <N extends CommandName>(name: N, body: CommandInput<N>): Promise<CommandResult | null> => {
      if (blockedNow.current) {
        toast(`${LABELS[name]} not sent: ${blockedNow.current}`, "warning");
        return null;
      }
      setState({ busy: true, retrying: false });
      const deadline = control ? { deadline: Date.now() + CONTROL_DEADLINE_MS } : {};
      const ack = await send(name, body, { onRetry: () => setState({ busy: true, retrying: true }), ...deadline });
      setState({ busy: false, retrying: false });
      if (ack === deadlineAck) {
        toast(`${LABELS[name]} not confirmed within ${CONTROL_DEADLINE_MS / 1000} s and not sent again: check the board once it is live.`);
        return null;
      }
      if (!ack.ok) {
        const issues = ack.error.issues?.map((i) => `${i.path}: ${i.message}`).join("; ");
        toast(`${LABELS[name]} refused: ${ack.error.message}${issues ? ` (${issues})` : ""}`);
        return null;
      }
      return ack.data;
    },
    [send, control],
  );
  const run = useCallback(
    async <N extends CommandName>(name: N, body: CommandInput<N>): Promise<boolean> => (await exec(name, body)) !== null,
    [exec],
  );

  const current: CommandState = { busy: state.busy || blocked !== null, retrying: state.retrying, blocked };
  return { run, exec, ...current };
}
