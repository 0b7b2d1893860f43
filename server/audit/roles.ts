import type { Role } from "../../shared/domain";

/** Who may read one operation's access log (DPA 2018 s.62: the log checks lawfulness). */
export const ACCESS_LOG_READERS: readonly Role[] = ["gold", "commander", "analyst", "admin"];

/** Who may search the whole access log and export it. */
export const ACCESS_LOG_SEARCHERS: readonly Role[] = ["admin"];

/** Who opens an incident's detail, on the live board or in the replay (and so has the opening logged). */
export const DETAIL_READERS: readonly Role[] = ["gold", "commander", "bronze", "controller", "analyst"];
