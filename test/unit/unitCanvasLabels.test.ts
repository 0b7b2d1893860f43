import { describe, expect, it } from "vitest";
import { type DrawnUnit, LabelPainter } from "../../client/src/map/unitCanvasDraw";
import type { UnitStatus } from "../../shared/domain";
import type { Unit } from "../../shared/state";

/** A canvas that records the text drawn and where; each character is 6 px wide. */
function fakeCanvas() {
  const texts: { text: string; x: number; y: number }[] = [];
  const ctx = {
    font: "",
    fillStyle: "",
    textAlign: "",
    textBaseline: "",
    measureText: (t: string) => ({ width: t.length * 6 }),
    beginPath() {},
    rect() {},
    fill() {},
    fillText: (text: string, x: number, y: number) => texts.push({ text, x, y }),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts };
}

const unit = (n: number, status: UnitStatus = "available") => ({ id: `u-${n}`, callSign: `U${n}`, status }) as unknown as Unit;
const at = (n: number, x: number, y: number, status?: UnitStatus): DrawnUnit => ({ unit: unit(n, status), x, y, stale: undefined });

describe("call signs on the unit canvas (unitCanvasDraw.ts)", () => {
  it("ZB1: no two labels overlap; a busy unit wins a place over an available one; busy-only leaves the available out; none covers a plan name", () => {
    const { ctx, texts } = fakeCanvas();
    // Ten units 4 px apart in a row: their labels (about 20 px wide, 14 high) would all overlap.
    const crowd = Array.from({ length: 10 }, (_, n) => at(n, 100 + n * 4, 100, n === 7 ? "on-scene" : "available"));
    // And two far apart, which both keep theirs.
    const apart = [at(20, 400, 100), at(21, 400, 300)];
    const shown = new LabelPainter().draw(ctx, [...crowd, ...apart], 4, false);
    expect(shown.has("u-7"), "the busy unit in the crowd").toBe(true);
    expect(shown.has("u-20") && shown.has("u-21")).toBe(true);
    const boxes = texts.map((t) => ({ x: t.x, y: t.y, w: t.text.length * 6 }));
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) expect(a.x < b.x + b.w && b.x < a.x + a.w && Math.abs(a.y - b.y) < 14, "overlap").toBe(false);
    // A plan name over where u-20's label would go: u-20 goes unlabelled rather than cover it.
    expect(new LabelPainter().draw(fakeCanvas().ctx, apart, 4, false, [{ x: 400, y: 90, w: 80, h: 20 }]).has("u-20")).toBe(false);
    const busyOnly = fakeCanvas();
    expect([...new LabelPainter().draw(busyOnly.ctx, [...crowd, ...apart], 4, true)]).toEqual(["u-7"]);
  });

  it("ZB2: a label shown in the last frame keeps its place against a neighbour of the same rank as the dots move", () => {
    const painter = new LabelPainter();
    const { ctx } = fakeCanvas();
    // u-2 comes first in the list, so it wins the first frame…
    expect([...painter.draw(ctx, [at(2, 100, 100), at(1, 104, 100)], 4, false)]).toEqual(["u-2"]);
    // …and keeps its label when the order changes, rather than the two swapping at every frame.
    expect([...painter.draw(ctx, [at(1, 105, 100), at(2, 101, 100)], 4, false)]).toEqual(["u-2"]);
  });
});
