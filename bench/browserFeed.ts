/**
 * The browser bench's positions (bench/browserBoard.ts): where a match-day's units stand, each
 * walking a small circle of its own at about walking pace, one fix a second per unit over the
 * tracker feed, 500 to a request. Four in ten stand around the stadium's concourse, three in
 * ten along Olympic Way, the rest spread up to a kilometre out: so a view zoomed in over the
 * stadium's north and Olympic Way holds most of them, as it would on the day.
 */
const BOWL = { lat: 51.556, lng: -0.2797 };
const OLYMPIC_WAY = { lng: -0.2794, south: 51.5577, north: 51.563 };
/** Degrees of longitude per degree of latitude for the same distance, at Wembley. */
const LNG_PER_LAT = 1.6;
/** About 9 m: the circle each unit walks. */
const WALK = 0.00008;

/** A fixed pseudo-random number in [0, 1) for unit n and a salt: the same layout every run. */
function spread(n: number, salt: number): number {
  const x = Math.sin(n * 12.9898 + salt * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/** Where unit n stands when not walking. */
export function home(n: number): { lat: number; lng: number } {
  const band = n % 10;
  if (band < 4) {
    // The concourse: a ring 130–190 m from the bowl's middle.
    const angle = spread(n, 1) * Math.PI * 2;
    const ring = 0.0012 + spread(n, 2) * 0.0005;
    return { lat: BOWL.lat + Math.sin(angle) * ring, lng: BOWL.lng + Math.cos(angle) * ring * LNG_PER_LAT };
  }
  if (band < 7) {
    const lat = OLYMPIC_WAY.south + spread(n, 3) * (OLYMPIC_WAY.north - OLYMPIC_WAY.south);
    return { lat, lng: OLYMPIC_WAY.lng + (spread(n, 4) - 0.5) * 0.0007 };
  }
  const angle = spread(n, 5) * Math.PI * 2;
  const ring = 0.0025 + spread(n, 6) * 0.006;
  return { lat: BOWL.lat + Math.sin(angle) * ring, lng: BOWL.lng + Math.cos(angle) * ring * LNG_PER_LAT };
}

/** Posts every unit's fix once a second until stopped. */
export function feedPositions(base: string, opId: string, units: number, token: string): { stop(): void } {
  const homes = Array.from({ length: units }, (_, n) => home(n));
  let tick = 0;
  const send = async () => {
    tick++;
    const at = Date.now();
    const fixes = homes.map((h, n) => {
      const angle = n + tick * 0.15;
      return { unitId: `u-${n}`, lat: h.lat + Math.sin(angle) * WALK, lng: h.lng + Math.cos(angle) * WALK * LNG_PER_LAT, at };
    });
    for (let i = 0; i < fixes.length; i += 500) {
      await fetch(`${base}/api/operations/${opId}/positions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ fixes: fixes.slice(i, i + 500) }),
      }).catch(() => undefined);
    }
  };
  void send();
  const timer = setInterval(() => void send(), 1_000);
  return { stop: () => clearInterval(timer) };
}
