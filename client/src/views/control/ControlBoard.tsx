import { useCallback, useEffect, useMemo, useState } from "react";
import { BoardMap } from "../../map/BoardMap";
import { ScopeOutline } from "../../map/ScopeOutline";
import { WarningLayers } from "../../map/WarningLayers";
import { useSelection } from "../../store/hooks";
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
 */
export function ControlBoard() {
  const [tab, setTab] = useState<Tab>("incident");
  const { incidentId } = useSelection();
  const showUnits = useCallback(() => setTab("units"), []);
  // The Warnings tab counts the open ones (issue 11): "Warnings (2)".
  const warningsLabel = useWarningsLabel();
  const tabs = useMemo(() => TABS.map((t) => (t.id === "warnings" ? { ...t, label: warningsLabel } : t)), [warningsLabel]);

  useEffect(
    function showSelectedIncident() {
      if (incidentId) setTab("incident");
    },
    [incidentId],
  );

  return (
    <div className="control">
      <BoardHeader />
      <ConnectionBanner />
      <ControlShortcuts showUnits={showUnits} />
      <MajorIncidentBanner />
      <AlarmBanner />
      <main className="control-main">
        <aside className="col-left">
          <BronzeAckQueue />
          <IncidentQueue />
          <ReportTriage />
          <CreateIncident />
        </aside>
        <BoardMap>
          <DispatchRoute />
          <WarningLayers />
          <ScopeOutline />
        </BoardMap>
        <aside className="col-right">
          <Tabs<Tab> tabs={tabs} current={tab} onChange={setTab} />
          <div className="tab-panel" role="tabpanel">
            {tab === "incident" && <IncidentDetail />}
            {tab === "units" && <UnitBoard />}
            {tab === "alerts" && <AlertsPanel />}
            {tab === "warnings" && <WarningsPanel />}
            {tab === "ingress" && <IngressPanel />}
            {tab === "decisions" && <DecisionLog />}
          </div>
        </aside>
      </main>
    </div>
  );
}
