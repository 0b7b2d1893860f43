import { type KeyboardEvent, useEffect, useId, useMemo, useState } from "react";
import type { LatLng } from "../../../../shared/events";
import { sectorAt } from "../../../../shared/venue";
import { distanceMetres, formatDistance } from "../../store/distance";
import { sectorLabel, venuePlan } from "../../venue/plan";
import { type PickFor, useControlUi } from "./controlUi";
import { matchPlaces, namedPlaces, type Place } from "./places";

/** Where an incident is: a point, the words shown for it, and the named place it came from. */
export interface LocationChoice {
  at: LatLng | null;
  text: string;
  placeId: string | null;
}

const PLACES = namedPlaces(venuePlan);

interface PlacePickerProps {
  value: LocationChoice;
  onChange(next: LocationChoice): void;
  /** Which form this is, for the map's pick mode. */
  pickFor: PickFor;
  label?: string;
}

/**
 * A type-ahead over the plan's named places, with "pick on map". The text is the incident's
 * location text: choosing a place sets the point and its name; a map click sets the point and
 * keeps the words. Enter chooses the highlighted place while the list is open (the form's Enter
 * submits only once it is closed); Escape closes the list first.
 */
export function PlacePicker({ value, onChange, pickFor, label = "Place" }: PlacePickerProps) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => matchPlaces(PLACES, value.text), [value.text]);
  const picking = useControlUi((s) => s.picking === pickFor);
  usePickedPoint(pickFor, (at) => onChange({ ...value, at, placeId: null }));
  useDraftOnMap(value.at);

  function choose(p: Place) {
    onChange({ at: p.location, text: p.name, placeId: p.id });
    setOpen(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const shown = open && matches.length > 0;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setOpen(true);
      setActive((a) => (shown ? (a + step + matches.length) % matches.length : 0));
    } else if (e.key === "Enter" && shown) {
      e.preventDefault();
      e.stopPropagation();
      const p = matches[active];
      if (p) choose(p);
    } else if (e.key === "Escape" && shown) {
      e.stopPropagation();
      setOpen(false);
    }
  }

  const shown = open && matches.length > 0;
  return (
    <div className="place-picker">
      <label className="field">
        <span className="field-label">{label}</span>
        <div className="place-row">
          <input
            role="combobox"
            aria-expanded={shown}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={shown ? `${listId}-${active}` : undefined}
            value={value.text}
            maxLength={200}
            placeholder="Type a gate, post, station… or pick on the map"
            onChange={(e) => {
              onChange({ ...value, text: e.target.value, placeId: null });
              setOpen(true);
              setActive(0);
            }}
            onFocus={() => setOpen(value.placeId === null)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          <PickOnMapButton pickFor={pickFor} picking={picking} />
        </div>
      </label>
      {shown && <PlaceOptions id={listId} label={label} places={matches} active={active} onChoose={choose} />}
      <LocationSummary value={value} picking={picking} />
    </div>
  );
}

interface PlaceOptionsProps {
  id: string;
  label: string;
  places: readonly Place[];
  active: number;
  onChoose(p: Place): void;
}

/** The suggestions under the place box; the highlighted one is what Enter chooses. */
function PlaceOptions({ id, label, places, active, onChoose }: PlaceOptionsProps) {
  return (
    <div className="place-list" id={id} role="listbox" aria-label={`${label} suggestions`}>
      {places.map((p, n) => (
        <div
          tabIndex={-1}
          key={p.id}
          id={`${id}-${n}`}
          role="option"
          aria-selected={n === active}
          className={n === active ? "place-active" : undefined}
          // mousedown, not click: the input's blur would close the list first.
          onMouseDown={(e) => {
            e.preventDefault();
            onChoose(p);
          }}
        >
          <span className="place-name">{p.name}</span>
          <span className="place-kind">
            {p.kind} · {sectorLabel(p.sector)}
          </span>
        </div>
      ))}
    </div>
  );
}

function PickOnMapButton({ pickFor, picking }: { pickFor: PickFor; picking: boolean }) {
  const startPick = useControlUi((s) => s.startPick);
  const cancelPick = useControlUi((s) => s.cancelPick);
  return (
    <button
      type="button"
      // Out of the Tab order: a map pick needs a pointer, and the typist goes place → description.
      tabIndex={-1}
      className={`btn btn-sm${picking ? " btn-on" : ""}`}
      aria-pressed={picking}
      onClick={() => (picking ? cancelPick() : startPick(pickFor))}
    >
      <span aria-hidden="true">◎</span> {picking ? "Click the map…" : "Pick on map"}
    </button>
  );
}

function LocationSummary({ value, picking }: { value: LocationChoice; picking: boolean }) {
  if (picking) return <p className="location-summary location-picking">Click the map where it is. Esc cancels.</p>;
  if (!value.at) return <p className="location-summary muted">No location yet: choose a place or pick on the map.</p>;
  const sector = sectorAt(venuePlan, value.at);
  const drift = nameDrift(value);
  return (
    <p className="location-summary" data-testid="location-summary">
      <span aria-hidden="true">◉ </span>
      {value.placeId ? "Named place" : "Point"}{" "}
      <span className="mono small">
        {value.at.lat.toFixed(5)}, {value.at.lng.toFixed(5)}
      </span>{" "}
      · {sector ? sectorLabel(sector) : "outside the plan's sectors"}
      {drift && (
        <span className="location-drift">
          <span aria-hidden="true"> ⚠</span> The text says “{drift.name}”, {formatDistance(drift.metres)} from this point: correct it?
        </span>
      )}
    </p>
  );
}

function useDraftOnMap(at: LatLng | null) {
  const setDraft = useControlUi((s) => s.setDraft);
  useEffect(
    function showDraftPoint() {
      setDraft(at);
      return () => setDraft(null);
    },
    [at, setDraft],
  );
}

/** Metres beyond which a named place's name no longer describes the point. */
const NAME_DRIFT_M = 75;

/** The text names a place of the plan, but the point is elsewhere (picked on the map after). */
function nameDrift(value: LocationChoice): { name: string; metres: number } | null {
  const text = value.text.trim().toLowerCase();
  const named = PLACES.find((p) => p.name.toLowerCase() === text);
  if (!named || !value.at) return null;
  const metres = distanceMetres(named.location, value.at);
  return metres > NAME_DRIFT_M ? { name: named.name, metres } : null;
}

/** Calls `onPick` with each point the map hands to this form in pick mode. */
function usePickedPoint(pickFor: PickFor, onPick: (at: LatLng) => void) {
  const picked = useControlUi((s) => (s.picked?.for === pickFor ? s.picked : null));
  const [seen, setSeen] = useState(picked?.n ?? 0);
  useEffect(
    function takePickedPoint() {
      if (!picked || picked.n === seen) return;
      setSeen(picked.n);
      onPick(picked.at);
    },
    [picked, seen, onPick],
  );
}
