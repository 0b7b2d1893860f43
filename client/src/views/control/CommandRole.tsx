import { useStore } from "zustand";
import type { User } from "../../api/session";
import { useUser } from "../../store/hooks";
import { bronzeTitle, sectorScope, useOwnSector } from "../../store/sectorScope";
import { sectorLabel } from "../../venue/plan";

/** How the header names the signed-in role: Gold, Silver, the plan's Bronze name, Control. */
export function roleLabel(user: Pick<User, "role" | "sector">): string {
  switch (user.role) {
    case "gold":
      return "Gold";
    case "commander":
      return "Silver (match commander)";
    case "bronze":
      return bronzeTitle(user.sector);
    case "controller":
      return "Control";
    default:
      return user.role;
  }
}

/**
 * The header's word on what this board shows and may do: a Bronze's sector filter ("Sector:
 * Olympic Way ▾ / Whole ground", saying that units stay their sector's), Gold's read-only note.
 */
export function CommandScope() {
  const role = useUser()?.role;
  if (role === "gold") {
    return (
      <span className="scope-note scope-gold" title="Gold sees the whole board and logs decisions; control acts">
        Gold: read-only — decisions only
      </span>
    );
  }
  return role === "bronze" ? <SectorScope /> : null;
}

function SectorScope() {
  const own = useOwnSector();
  const whole = useStore(sectorScope, (s) => s.whole);
  if (!own) return <span className="scope-note">No sector on this account: whole ground, no units</span>;
  return (
    <div className="sector-scope">
      <label>
        <span className="scope-label">Sector:</span>
        <select
          value={whole ? "whole" : "own"}
          onChange={(e) => sectorScope.getState().setWhole(e.target.value === "whole")}
          aria-label="Board sector"
          data-testid="sector-scope"
        >
          <option value="own">{sectorLabel(own)}</option>
          <option value="whole">Whole ground</option>
        </select>
      </label>
      {whole && <span className="scope-note">Incidents: whole ground · units: {sectorLabel(own)} only</span>}
    </div>
  );
}
