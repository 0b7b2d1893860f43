import { SYSTEM_KEY_PREFIX, type SystemCommand, SystemCommandBodies } from "../../shared/commands";
import type { Ack } from "../../shared/errors";
import { SYSTEM_ACTOR } from "../../shared/events";
import type { CommandResult } from "../../shared/protocol";
import type { OperationLog, Sender } from "../operations/operationLog";

/** The server, as the sender of its own commands: no unit, no device clock. */
export const SYSTEM_SENDER: Sender = { actor: SYSTEM_ACTOR, unitId: null };

/**
 * The one path for events the server makes itself (DESIGN §1): a system command, checked by its
 * schema, queued on the operation's log like a person's command and decided by the same `decide`.
 * The key must be derived from what triggered it (`systemKey(…)`), never random: a process that
 * noticed the same thing sends the same key and gets the first one's result as a duplicate.
 */
export function sendSystem(log: OperationLog, command: SystemCommand, key: string): Promise<Ack<CommandResult>> {
  if (!key.startsWith(SYSTEM_KEY_PREFIX)) throw new Error(`a system command's key must start with "${SYSTEM_KEY_PREFIX}": ${key}`);
  const body = SystemCommandBodies[command.name].parse(command.body);
  // The schema named by `command.name` parsed `body`; TypeScript cannot pair the two through the lookup.
  return log.execute(SYSTEM_SENDER, { name: command.name, body } as SystemCommand, key);
}
