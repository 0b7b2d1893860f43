/**
 * The nearest graph point to any place, looked up in O(1): a raster of 5 m cells over the
 * graph's extent (plus the join radius), each holding the point nearest its centre within that
 * radius, or -1. A thousand units then cost a thousand array reads, not a thousand searches.
 * The answer is the nearest point to the cell's centre: at most a few metres from the exact one.
 * About 0.1 M cells for Wembley (0.4 MB), filled once per plan.
 */

const CELL_M = 5;

export interface NodeIndex {
  /** The graph point nearest (x, y), within the radius the index was built with; else null. */
  nearest(x: number, y: number): number | null;
}

export function nodeIndex(points: readonly { x: number; y: number }[], withinMetres: number): NodeIndex {
  if (points.length === 0) return { nearest: () => null };
  const minX = Math.min(...points.map((p) => p.x)) - withinMetres;
  const minY = Math.min(...points.map((p) => p.y)) - withinMetres;
  const width = Math.ceil((Math.max(...points.map((p) => p.x)) + withinMetres - minX) / CELL_M) + 1;
  const height = Math.ceil((Math.max(...points.map((p) => p.y)) + withinMetres - minY) / CELL_M) + 1;
  const nearest = new Int32Array(width * height).fill(-1);
  const best = new Float64Array(width * height).fill(Number.POSITIVE_INFINITY);
  const reach = Math.ceil(withinMetres / CELL_M);
  const within2 = withinMetres * withinMetres;
  points.forEach((p, id) => {
    const px = Math.floor((p.x - minX) / CELL_M);
    const py = Math.floor((p.y - minY) / CELL_M);
    for (let cx = Math.max(0, px - reach); cx <= Math.min(width - 1, px + reach); cx++) {
      for (let cy = Math.max(0, py - reach); cy <= Math.min(height - 1, py + reach); cy++) {
        const dx = minX + (cx + 0.5) * CELL_M - p.x;
        const dy = minY + (cy + 0.5) * CELL_M - p.y;
        const d = dx * dx + dy * dy;
        const cell = cy * width + cx;
        // Ties go to the lower id, so the answer does not depend on the order of the loop.
        if (d <= within2 && d < (best[cell] as number)) {
          best[cell] = d;
          nearest[cell] = id;
        }
      }
    }
  });
  return {
    nearest(x, y) {
      const cx = Math.floor((x - minX) / CELL_M);
      const cy = Math.floor((y - minY) / CELL_M);
      if (cx < 0 || cy < 0 || cx >= width || cy >= height) return null;
      const id = nearest[cy * width + cx] as number;
      return id < 0 ? null : id;
    },
  };
}
