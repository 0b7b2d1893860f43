import { memo, useCallback, useMemo, useState } from "react";
import { BoardMap } from "../../map/BoardMap";
import { ScopeOutline } from "../../map/ScopeOutline";
import { WarningLayers } from "../../map/WarningLayers";
import { useSelectedIncidentId, useUnitOrderReady } from "../../store/hooks";
import { ConnectionBanner } from "../../ui/ConnectionBanner";
import { Tabs } from "../../ui/Tabs";
import { AlarmBanner } from "./AlarmBanner";
import { AlertsPanel } from "./AlertsPanel";
import { BoardHeader } from "./BoardHeader";
import { BronzeAckQueue } from "./BronzeAck";
import { ControlShortcuts } from "./ControlShortcuts";
import { CreateIncident } from "./CreateIncident";
import { DecisionLog } from "./DecisionLog";
import { DispatchRoute } from "./DispatchRoute";
import { IncidentDetail } from "./IncidentDetail";
import { IncidentQueue } from "./IncidentQueue";
import { IngressPanel } from "./IngressPanel";
import { MajorIncidentBanner } from "./MajorIncidentBanner";
import { ReportTriage } from "./ReportTriage";
import { UnitBoard } from "./UnitBoard";
import { useWarningsLabel, WarningsPanel } from "./WarningsPanel";

type Tab = "incident" | "units" | "alerts" | "warnings" | "ingress" | "decisions";
const TABS: { id: Tab; label: string }[] = [
  { id: "incident", label: "Incident" },
  { id: "units", label: "Units" },
  { id: "alerts", label: "Alerts" },
  { id: "warnings", label: "Warnings" },
  { id: "ingress", label: "Ingress" },
  { id: "decisions", label: "Decision log" },
];

/**
 * `/control`: intake on the left (incident queue, steward reports), the live map in the middle,
 * and the working panels on the right (incident detail, unit board, alerts, decision log).
 *
 * Only the right-hand column follows the tab: the header, the intake column and the map are
 * memoised and take no props, so opening a tab or an incident re-renders none of them (each
 * reads what it shows, the selection included, from the store itself).
 */
export function ControlBoard() {
  const [tab, setTab] = useState<Tab>("incident");
  const showUnits = useCallback(() => setTab("units"), []);
  useUnitOrderReady();
  // Selecting an incident (queue, map, keyboard) shows its detail: decided in this render, not
  // in an effect after it, which painted the old tab first and rendered the board twice.
  const incidentId = useSelectedIncidentId();
  const [shownFor, setShownFor] = useState(incidentId);
  if (incidentId !== shownFor) {
    setShownFor(incidentId);
    if (incidentId) setTab("incident");
  }

  return (
    <div className="control">
      <BoardTop showUnits={showUnits} />
      <main className="control-main">
        <Intake />
        <ControlMap />
        <aside className="col-right">
          <SidePanel tab={tab} onTab={setTab} />
        </aside>
      </main>
    </div>
  );
}

const BoardTop = memo(function BoardTop({ showUnits }: { showUnits(): void }) {
  return (
    <>
      <BoardHeader />
      <ConnectionBanner />
      <ControlShortcuts showUnits={showUnits} />
      <MajorIncidentBanner />
      <AlarmBanner />
    </>
  );
});

const Intake = memo(function Intake() {
  return (
    <aside className="col-left">
      <BronzeAckQueue />
      <IncidentQueue />
      <ReportTriage />
      <CreateIncident />
    </aside>
  );
});

const ControlMap = memo(function ControlMap() {
  return (
    <BoardMap>
      <DispatchRoute />
      <WarningLayers />
      <ScopeOutline />
    </BoardMap>
  );
});

function SidePanel({ tab, onTab }: { tab: Tab; onTab(tab: Tab): void }) {
  return (
    <>
      <BoardTabs tab={tab} onTab={onTab} />
      <div className="tab-panel" role="tabpanel">
        {tab === "incident" && <IncidentDetail />}
        {tab === "units" && <UnitBoard />}
        {tab === "alerts" && <AlertsPanel />}
        {tab === "warnings" && <WarningsPanel />}
        {tab === "ingress" && <IngressPanel />}
        {tab === "decisions" && <DecisionLog />}
      </div>
    </>
  );
}

/** The tabs alone follow the warnings: a new warning re-renders the row of tabs, not the open panel. */
function BoardTabs({ tab, onTab }: { tab: Tab; onTab(tab: Tab): void }) {
  // The Warnings tab counts the open ones (issue 11): "Warnings (2)".
  const warningsLabel = useWarningsLabel();
  const tabs = useMemo(() => TABS.map((t) => (t.id === "warnings" ? { ...t, label: warningsLabel } : t)), [warningsLabel]);
  return <Tabs<Tab> tabs={tabs} current={tab} onChange={onTab} />;
}
