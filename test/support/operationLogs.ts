import { OperationLog, type OperationLogOptions } from "../../server/operations/operationLog";
import { loadVenues } from "../../server/venues";
import { actors } from "./events";

/** An OperationLog over `store` with the unit tests' defaults (Wembley, a fixed clock, group commit at once). */
export function loadLog(opts: Pick<OperationLogOptions, "opId" | "store"> & Partial<OperationLogOptions>): Promise<OperationLog> {
  return OperationLog.load({
    venue: loadVenues().get("wembley")!,
    now: () => 1_700_000_000_000,
    groupCommitMs: 0,
    groupCommit: true,
    snapshotEvery: 1000,
    onCommitted: () => {},
    onError: () => {},
    ...opts,
  });
}

/** The same, with the operation opened by Silver (seq 1). */
export async function openedLog(
  opts: Pick<OperationLogOptions, "opId" | "store"> & Partial<OperationLogOptions>,
  name: string,
  openKey = "open-key",
): Promise<OperationLog> {
  const log = await loadLog(opts);
  await log.open(
    actors.silver,
    {
      type: "OperationOpened",
      payload: { name, venueId: "wembley", cadStart: 1, cadDate: "17Oct", phases: [] },
      scope: { sector: null, stewards: [], units: [] },
    },
    openKey,
  );
  return log;
}
