import { useEffect, useMemo, useState } from "react";
import type { ReplayMeta } from "../../../../shared/replay";
import type { OperationState } from "../../../../shared/state";
import { listOperations, type OperationSummary } from "../../api/operations";
import type { User } from "../../api/session";
import { useAuth } from "../../auth/AuthContext";
import { BoardMap } from "../../map/BoardMap";
import { HeatLayer } from "../../map/HeatLayer";
import { WarningLayers } from "../../map/WarningLayers";
import { navigate } from "../../routing/location";
import { BoardProvider } from "../../store/BoardContext";
import { useAlerts } from "../../store/hooks";
import { ReadOnlyContext } from "../../store/readOnly";
import { AlertList } from "../../ui/AlertList";
import "../../styles/replay.css";
import { Tabs } from "../../ui/Tabs";
import { DecisionLog } from "../control/DecisionLog";
import { IncidentDetail } from "../control/IncidentDetail";
import { IncidentQueue } from "../control/IncidentQueue";
import { MajorIncidentBanner } from "../control/MajorIncidentBanner";
import { ReportTriage } from "../control/ReportTriage";
import { UnitBoard } from "../control/UnitBoard";
import { WarningsPanel } from "../control/WarningsPanel";
import { DebriefCharts } from "./DebriefCharts";
import { ExportsPanel } from "./ExportsPanel";
import { ReplayIngress } from "./ReplayIngress";
import { replayApi } from "./replayApi";
import { Scrubber } from "./Scrubber";
import { useReplay } from "./useReplay";

type Tab = "incident" | "reports" | "units" | "alerts" | "warnings" | "ingress" | "decisions" | "debrief" | "exports";
const TABS: { id: Tab; label: string }[] = [
  { id: "incident", label: "Incident" },
  { id: "reports", label: "Reports" },
  { id: "units", label: "Units" },
  { id: "alerts", label: "Alerts" },
  // The warnings as they stood at T: the same fold as live (issue 11).
  { id: "warnings", label: "Warnings" },
  // The turnstile counts as control saw them at T (issue 11 item 7).
  { id: "ingress", label: "Ingress" },
  { id: "decisions", label: "Decisions" },
  { id: "debrief", label: "Debrief" },
  { id: "exports", label: "Exports" },
];

/** `/replay`: pick an operation, then the board exactly as it was at any moment (issue 3). */
export function ReplayView() {
  const { user, signOut } = useAuth();
  const [ops, setOps] = useState<OperationSummary[] | null>(null);
  // A shared link (`/replay?op=…&t=…&basis=…`) opens the same operation at the same moment.
  const [opId, setOpId] = useState<string | null>(new URLSearchParams(window.location.search).get("op"));
  const [meta, setMeta] = useState<ReplayMeta | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(function loadOperations() {
    listOperations()
      .then((list) => {
        setOps(list);
        setOpId((current) => current ?? list[0]?.id ?? null);
      })
      .catch((err: Error) => setError(err.message));
  }, []);

  useEffect(
    function loadMeta() {
      if (!opId) return;
      setMeta(null);
      replayApi
        .meta(opId)
        .then(setMeta)
        .catch((err: Error) => setError(err.message));
    },
    [opId],
  );

  return (
    <div className="control replay">
      <header className="board-header">
        <div className="brand-inline">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Cordon replay</span>
        </div>
        <div className="op-title">
          <select
            aria-label="Operation"
            value={opId ?? ""}
            onChange={(e) => {
              // Another operation starts at its own beginning, not at the old link's moment.
              window.history.replaceState(null, "", `/replay?op=${encodeURIComponent(e.target.value)}`);
              setOpId(e.target.value);
            }}
          >
            {(ops ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <span className="marking-pill">OFFICIAL-SENSITIVE</span>
        {user.role !== "analyst" && (
          <button type="button" className="btn btn-ghost btn-xs" onClick={() => navigate("/control")}>
            Live board
          </button>
        )}
        <div className="header-user">
          <span className="user-name">{user.name}</span>
          <button type="button" className="btn btn-ghost btn-xs" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      {error && <div className="splash">Cannot load the replay: {error}</div>}
      {!error && !meta && (
        <div className="splash">{ops && ops.length === 0 ? "No operations to replay yet." : "Loading the operation…"}</div>
      )}
      {meta && opId && <ReplayBoard key={opId} user={user} opId={opId} meta={meta} />}
    </div>
  );
}

/** The alerts as they stood at T, newest first (read-only: a replay sends nothing). */
function ReplayAlerts() {
  return (
    <div className="tab-body">
      <AlertList alerts={useAlerts()} />
    </div>
  );
}

function ReplayBoard({ user, opId, meta }: { user: User; opId: string; meta: ReplayMeta }) {
  const replay = useReplay(user, opId, meta);
  const [tab, setTab] = useState<Tab>("incident");
  const [final, setFinal] = useState<OperationState | null>(null);
  const [heat, setHeat] = useState(false);

  useEffect(
    function loadFinalPicture() {
      replayApi.state(opId, meta.endAt, "record").then(
        (r) => setFinal(r.state),
        () => undefined,
      );
    },
    [opId, meta.endAt],
  );
  const heatPoints = useMemo(
    () => Object.values(final?.incidents ?? {}).map((i) => [i.location.lat, i.location.lng, 1] as [number, number, number]),
    [final],
  );
  const eventTimes = meta.eventTimes;
  const incidentTimes = useMemo(() => meta.incidents.map((m) => m.at), [meta]);

  return (
    <BoardProvider value={replay.board}>
      <ReadOnlyContext.Provider value={true}>
        <Scrubber
          meta={meta}
          t={replay.t}
          playing={replay.playing}
          speed={replay.speed}
          basis={replay.basis}
          loading={replay.loading}
          onSeek={(at) => void replay.seek(at)}
          onPlay={replay.setPlaying}
          onSpeed={replay.setSpeed}
          onBasis={replay.setBasis}
          onStep={(kind, dir) => replay.stepTo(kind === "event" ? eventTimes : incidentTimes, dir)}
          onIncident={(incidentId, at) => {
            void replay.seek(at).then(() => replay.board.store.getState().select({ incidentId }));
            setTab("incident");
          }}
        />
        <MajorIncidentBanner />
        <main className="control-main">
          <aside className="col-left">
            <IncidentQueue />
          </aside>
          <div className="replay-map">
            <BoardMap>
              <WarningLayers />
              {heat && <HeatLayer points={heatPoints} />}
            </BoardMap>
            <label className="heat-toggle">
              <input type="checkbox" checked={heat} onChange={(e) => setHeat(e.target.checked)} /> Heatmap of all incidents
            </label>
          </div>
          <aside className="col-right">
            <Tabs<Tab> tabs={TABS} current={tab} onChange={setTab} />
            <div className="tab-panel" role="tabpanel">
              {tab === "incident" && <IncidentDetail />}
              {tab === "reports" && <ReportTriage />}
              {tab === "units" && <UnitBoard />}
              {tab === "alerts" && <ReplayAlerts />}
              {tab === "warnings" && <WarningsPanel />}
              {tab === "ingress" && <ReplayIngress opId={opId} t={replay.t} />}
              {tab === "decisions" && <DecisionLog />}
              {tab === "debrief" && (final ? <DebriefCharts meta={meta} state={final} /> : <p className="muted">Loading…</p>)}
              {tab === "exports" && <ExportsPanel opId={opId} />}
            </div>
          </aside>
        </main>
      </ReadOnlyContext.Provider>
    </BoardProvider>
  );
}
