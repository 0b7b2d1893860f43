import { divIcon } from "leaflet";
import { CircleMarker, Marker, Pane, Polygon, Polyline, Tooltip } from "react-leaflet";
import { planLayers } from "./planLayers";

const PLAN_PANE = "plan";
const LABEL_PANE = "plan-labels";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Built once: React-Leaflet compares icons by reference. */
const LABEL_ICONS = new Map(
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
 * The venue plan as vector layers: sectors with their names, car parks, the bowl and pitch,
 * routes, then entrances, stations and steward posts as small markers. Areas sit in their own
 * non-interactive pane under the operational markers; points share the markers' canvas so that
 * hovering one names it.
 */
export function VenueLayers() {
  return (
    <>
      <Pane name={PLAN_PANE} style={{ zIndex: 350, pointerEvents: "none" }}>
        {planLayers.areas.map((a) => (
          <Polygon key={a.id} positions={a.rings} pathOptions={a.style} pane={PLAN_PANE} interactive={false}>
            {a.label && (
              <Tooltip permanent direction="center" className={`plan-label plan-label-${a.kind}`}>
                {a.label}
              </Tooltip>
            )}
          </Polygon>
        ))}
        {planLayers.lines.map((l) => (
          <Polyline key={l.id} positions={l.points} pathOptions={l.style} pane={PLAN_PANE} interactive={false} />
        ))}
      </Pane>
      {/* Under the markers' canvas (z 400), which is transparent where nothing is drawn. */}
      <Pane name={LABEL_PANE} style={{ zIndex: 390, pointerEvents: "none" }}>
        {planLayers.labels.map((l) => {
          const icon = LABEL_ICONS.get(l.id);
          return icon ? <Marker key={l.id} position={l.at} icon={icon} interactive={false} keyboard={false} pane={LABEL_PANE} /> : null;
        })}
      </Pane>
      {planLayers.points.map((p) => (
        <CircleMarker key={p.id} center={p.at} radius={p.radius} pathOptions={p.style} bubblingMouseEvents={false}>
          <Tooltip direction="top" offset={[0, -4]} className={`point-tip point-tip-${p.kind}`}>
            {p.name}
          </Tooltip>
        </CircleMarker>
      ))}
    </>
  );
}
