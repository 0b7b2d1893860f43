import { memo, useState } from "react";
import { type Recommendation, recommendedPick } from "../../../../shared/dispatch/recommend";
import { INCIDENT_TYPE_LABELS } from "../../../../shared/domain";
import type { Incident } from "../../../../shared/state";
import { UNIT_STATUS_LABELS } from "../../map/styles";
import { formatDistance } from "../../store/distance";
import { useCommand } from "../../ui/useCommand";
import { unitKindWord } from "./unitKinds";
import { assignCommand, useRecommendations } from "./useRecommendations";

const SHOWN = 12;

/**
 * Dispatch: the recommender's pick with its reason, then the other free units that suit the
 * incident, best first, and — on request — those that do not. Whichever unit is assigned, the
 * command carries what was recommended, so the log holds both.
 */
export function AssignUnit({ incident }: { incident: Incident }) {
  const { run, busy } = useCommand();
  const ranked = useRecommendations(incident);
  const [filter, setFilter] = useState("");
  const [showUnsuited, setShowUnsuited] = useState(false);
  if (ranked === null) {
    return (
      <div className="assign">
        <h3 className="section-title">Dispatch</h3>
        <p className="muted small">Ranking the free units…</p>
      </div>
    );
  }
  const recs = ranked;
  const pick = recommendedPick(recs);
  const needle = filter.trim().toLowerCase();
  const matches = (r: Recommendation) => !needle || r.unit.callSign.toLowerCase().includes(needle);
  const suited = recs.filter((r) => r.suitability !== null && r !== pick && matches(r));
  const unsuited = recs.filter((r) => r.suitability === null && matches(r));
  const assign = (unitId: string) => void run("incident:assign", assignCommand(incident, unitId, pick));

  return (
    <div className="assign">
      <h3 className="section-title">
        Dispatch <span className="muted small">({recs.length} free)</span>
      </h3>
      {pick ? (
        <section className="recommended" aria-label="Recommended unit">
          <div className="recommended-head">
            <span className="recommended-tag">Recommended</span>
            <strong className="callsign">{pick.unit.callSign}</strong>
            <span className="muted">{unitKindWord(pick.unit.kind)}</span>
            <span className="eta mono">{eta(pick)}</span>
          </div>
          <p className="recommended-why">{pick.reason}</p>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => assign(pick.unit.id)}>
            Assign {pick.unit.callSign} <kbd>A</kbd>
          </button>
        </section>
      ) : (
        <p className="inline-note">No free unit suits {INCIDENT_TYPE_LABELS[incident.type].toLowerCase()}.</p>
      )}
      <input
        className="filter"
        type="search"
        placeholder="Filter call signs…"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        aria-label="Filter units to assign"
      />
      <ul className="assign-list" aria-label="Other suitable units">
        {suited.slice(0, SHOWN).map((r) => (
          <OptionRow key={r.unit.id} rec={r} busy={busy} onAssign={assign} />
        ))}
        {suited.length === 0 && <li className="muted small">No other suitable unit{needle ? " matches" : ""}.</li>}
      </ul>
      {unsuited.length > 0 && (
        <>
          <button type="button" className="link small" onClick={() => setShowUnsuited(!showUnsuited)} aria-expanded={showUnsuited}>
            {showUnsuited ? "Hide" : "Show"} {unsuited.length} not suited to {INCIDENT_TYPE_LABELS[incident.type].toLowerCase()}
          </button>
          {showUnsuited && (
            <ul className="assign-list unsuited" aria-label="Units not suited to this incident">
              {unsuited.slice(0, SHOWN).map((r) => (
                <OptionRow key={r.unit.id} rec={r} busy={busy} onAssign={assign} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

const OptionRow = memo(function OptionRow({ rec: r, busy, onAssign }: { rec: Recommendation; busy: boolean; onAssign(id: string): void }) {
  return (
    <li>
      <span className="callsign">{r.unit.callSign}</span>
      <span className="muted small">
        {unitKindWord(r.unit.kind)} · {UNIT_STATUS_LABELS[r.unit.status]}
      </span>
      <span className="mono small dist" title={r.metres === null ? undefined : formatDistance(r.metres)}>
        {eta(r)}
      </span>
      <button type="button" className="btn btn-xs" disabled={busy} onClick={() => onAssign(r.unit.id)}>
        Assign
      </button>
      <span className="assign-why small muted">{r.reason}</span>
    </li>
  );
});

/** "3 min", "<1 min", "no fix". */
function eta(r: Recommendation): string {
  if (r.etaSeconds === null) return "no fix";
  return r.etaSeconds < 60 ? "<1 min" : `${Math.round(r.etaSeconds / 60)} min`;
}
