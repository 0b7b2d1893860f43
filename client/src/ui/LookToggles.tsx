import { type Density, setDensity, setTheme, type Theme, useBoardLook, useLook } from "./look";

interface Choice<T extends string> {
  value: T;
  label: string;
  title: string;
}

const THEMES: Choice<Theme>[] = [
  { value: "dark", label: "Dark", title: "Dark theme, for a dimmed control room" },
  { value: "light", label: "Light", title: "Light theme" },
];

const DENSITIES: Choice<Density>[] = [
  { value: "normal", label: "Desk", title: "Normal type, for a desk screen" },
  { value: "wall", label: "Wall", title: "Large type, readable on a video wall from 3 m" },
];

/**
 * The board header's theme and density switches. Mounting it applies this screen's remembered
 * look to the page; leaving the board restores the light theme for every other view.
 */
export function LookToggles() {
  useBoardLook();
  const { theme, density } = useLook();
  return (
    <div className="look-toggles">
      <Segmented label="Theme" choices={THEMES} current={theme} onChange={setTheme} />
      <Segmented label="Text size" choices={DENSITIES} current={density} onChange={setDensity} />
    </div>
  );
}

function Segmented<T extends string>({
  label,
  choices,
  current,
  onChange,
}: {
  label: string;
  choices: Choice<T>[];
  current: T;
  onChange(value: T): void;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring a legend and a border the header has no room for
    <div className="look-seg" role="group" aria-label={label}>
      {choices.map((c) => (
        <button
          key={c.value}
          type="button"
          className={`look-seg-btn${c.value === current ? " look-seg-on" : ""}`}
          aria-pressed={c.value === current}
          title={c.title}
          onClick={() => onChange(c.value)}
        >
          {c.label}
        </button>
      ))}
    </div>
  );
}
