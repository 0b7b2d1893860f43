import { describe, expect, it } from "vitest";
import { type Collection, put, sizeOf, valuesOf } from "../../shared/collection";

/** The bucket an id lands in: FNV-1a as in shared/collection.ts, 64 × 64 buckets. */
function bucketOf(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h >>>= 0;
  return `${h % 64}/${(h >>> 6) % 64}`;
}

/** An id other than `name` that shares its bucket, so a lookup of `name` reaches a real bucket. */
function neighbourOf(name: string): string {
  for (let n = 0; ; n++) if (`inc-${n}` !== name && bucketOf(`inc-${n}`) === bucketOf(name)) return `inc-${n}`;
}

describe("persistent collections at their edges (shared/collection.ts)", () => {
  it("P4: only its entries are own properties, even where a bucket holds a neighbour of an Object.prototype name", () => {
    for (const name of ["toString", "constructor", "hasOwnProperty", "valueOf"]) {
      const id = neighbourOf(name);
      const c = put({} as Collection<number>, id, 1);
      expect(Object.hasOwn(c, name), name).toBe(false);
      expect(Object.getOwnPropertyDescriptor(c, name), name).toBeUndefined();
      expect(Object.keys(c)).toEqual([id]);
    }
    const c = put(put({} as Collection<{ n: number }>, "inc-1", { n: 1 }), "inc-2", { n: 2 });
    // A collection still reads like a plain object: its prototype's methods are there.
    expect(`${c}`).toBe("[object Object]");
    expect(Object.hasOwn(c, "inc-1")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(c, "inc-1")).toEqual({ value: { n: 1 }, writable: false, enumerable: true, configurable: true });
    expect(Object.getOwnPropertyDescriptor(c, Symbol.iterator)).toBeUndefined();
    expect("inc-3" in c).toBe(false);
    expect(c["inc-3"]).toBeUndefined();
  });

  it("P7: ids that share a bucket are each kept, enumerated, counted and updated on their own", () => {
    const a = "rep-1";
    const [b, c] = Array.from({ length: 20_000 }, (_, n) => `inc-${n}`).filter((id) => bucketOf(id) === bucketOf(a)) as [string, string];
    expect(bucketOf(c)).toBe(bucketOf(a));
    const va = { n: 1 };
    const vb = { n: 2 };
    const one = put(put({} as Collection<{ n: number }>, a, va), b, vb);
    expect(one).toEqual({ [a]: va, [b]: vb });
    expect(Object.keys(one).sort()).toEqual([a, b].sort());
    expect(sizeOf(one)).toBe(2);
    const two = put(one, a, { n: 10 });
    expect(two[b]).toBe(vb);
    expect(two[a]).toEqual({ n: 10 });
    expect(Object.keys(two).sort()).toEqual([a, b].sort());
    expect(sizeOf(two)).toBe(2);
    expect(
      valuesOf(two)
        .map((v) => v.n)
        .sort((x, y) => x - y),
    ).toEqual([2, 10]);
    expect(one[a]).toBe(va);
    const three = put(two, c, { n: 3 });
    expect(Object.keys(three).sort()).toEqual([a, b, c].sort());
    expect(sizeOf(three)).toBe(3);
  });

  it("P5: nothing can be written, defined or deleted on a collection, and put always returns one — also from a plain record it leaves as it is", () => {
    const c = put({} as Collection<number>, "rep-1", 1) as Record<string, number>;
    expect(() => {
      c["rep-1"] = 2;
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(c, "rep-2", { value: 2, enumerable: true })).toThrow(TypeError);
    expect(() => {
      delete c["rep-1"];
    }).toThrow(TypeError);
    expect(c).toEqual({ "rep-1": 1 });

    const plain: Record<string, number> = { "rep-1": 1 };
    const same = put(plain, "rep-1", 1) as Record<string, number>;
    expect(same).toEqual({ "rep-1": 1 });
    expect(() => {
      same["rep-2"] = 2;
    }).toThrow(TypeError);
    expect(put(same, "rep-1", 1)).toBe(same);
    plain["rep-9"] = 9;
    expect(same).toEqual({ "rep-1": 1 });
  });

  it("P6: size and values of a plain record (from JSON) are those of the collection made from it", () => {
    const plain = JSON.parse('{"u-1": {"n": 1}, "u-2": {"n": 2}, "u-3": {"n": 3}}') as Collection<{ n: number }>;
    expect(sizeOf(plain)).toBe(3);
    expect(valuesOf(plain)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(sizeOf({})).toBe(0);
    expect(valuesOf({})).toEqual([]);
    const c = put(plain, "u-2", { n: 20 });
    expect(sizeOf(c)).toBe(3);
    expect(
      valuesOf(c)
        .map((v) => v.n)
        .sort((a, b) => a - b),
    ).toEqual([1, 3, 20]);
    expect(valuesOf(c)).toContain(plain["u-1"]);
    const grown = put(c, "u-4", { n: 4 });
    expect(sizeOf(grown)).toBe(4);
    expect(sizeOf(c)).toBe(3);
    expect(
      valuesOf(grown)
        .map((v) => v.n)
        .sort((a, b) => a - b),
    ).toEqual([1, 3, 4, 20]);
  });
});
