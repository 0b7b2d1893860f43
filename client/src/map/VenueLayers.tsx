import { divIcon } from "leaflet";
import { CircleMarker, Marker, Pane, Polygon, Polyline, Tooltip } from "react-leaflet";
import { useAppliedTheme } from "../ui/look";
import { escapeHtml } from "./markerIcons";
import { PlanLabels } from "./PlanLabels";
import { planLayers } from "./planLayers";

const PLAN_PANE = "plan";
const LABEL_PANE = "plan-labels";

/** Built once: React-Leaflet compares icons by reference. */
const TAG_ICONS = new Map(
  planLayers.labels.map((l) => [
    l.id,
    divIcon({
      className: `plan-tag plan-tag-${l.kind}`,
      html: `<span class="plan-tag-mark"></span><span class="plan-tag-text">${escapeHtml(l.kind === "rvp" ? l.name : `${l.name} ⊖`)}</span>`,
      iconSize: undefined,
      iconAnchor: [6, 6],
    }),
  ]),
);

/**
 * The venue plan as vector layers: sectors, car parks, the bowl and pitch, routes, then
 * entrances, stations and steward posts as small markers, in the board's theme. Areas sit in
 * their own non-interactive pane under the operational markers; names are laid out together
 * (PlanLabels) so that they do not overlap; points share the markers' canvas so that hovering
 * one names it.
 */
export function VenueLayers() {
  const theme = useAppliedTheme();
  return (
    <>
      <Pane name={PLAN_PANE} style={{ zIndex: 350, pointerEvents: "none" }}>
        {planLayers.areas.map((a) => (
          <Polygon key={a.id} positions={a.rings} pathOptions={a.styles[theme]} pane={PLAN_PANE} interactive={false} />
        ))}
        {planLayers.lines.map((l) => (
          <Polyline key={l.id} positions={l.points} pathOptions={l.styles[theme]} pane={PLAN_PANE} interactive={false} />
        ))}
      </Pane>
      {/* Under the markers' canvas (z 400), which is transparent where nothing is drawn. */}
      <Pane name={LABEL_PANE} style={{ zIndex: 390, pointerEvents: "none" }}>
        {planLayers.labels.map((l) => {
          const icon = TAG_ICONS.get(l.id);
          return icon ? <Marker key={l.id} position={l.at} icon={icon} interactive={false} keyboard={false} pane={LABEL_PANE} /> : null;
        })}
        <PlanLabels pane={LABEL_PANE} />
      </Pane>
      {planLayers.points.map((p) => {
        const { radius, style } = p.styles[theme];
        return (
          <CircleMarker key={p.id} center={p.at} radius={radius} pathOptions={style} bubblingMouseEvents={false}>
            <Tooltip direction="top" offset={[0, -4]} className={`point-tip point-tip-${p.kind}`}>
              {p.name}
            </Tooltip>
          </CircleMarker>
        );
      })}
    </>
  );
}
