import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Collection, entityOf, entriesOf, put, sizeOf, valuesOf } from "../../shared/collection";

const seed = Number(process.env.FC_SEED ?? 20231017);

describe("persistent collections (shared/collection.ts)", () => {
  it("P1: behaves as a plain record under any sequence of puts, and every earlier version stays as it was", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.integer()), { maxLength: 300 }), (ops) => {
        let c: Collection<{ n: number }> = {};
        const model = new Map<string, { n: number }>();
        const history: [Collection<{ n: number }>, Record<string, { n: number }>][] = [];
        for (const [id, n] of ops) {
          const value = { n };
          c = put(c, id, value);
          model.set(id, value);
          history.push([c, Object.fromEntries(model)]);
        }
        const plain = Object.fromEntries(model);
        expect(c).toEqual(plain);
        expect(JSON.parse(JSON.stringify(c))).toEqual(plain);
        expect(sizeOf(c)).toBe(model.size);
        expect(valuesOf(c).length).toBe(model.size);
        expect(Object.keys(c).sort()).toEqual([...model.keys()].sort());
        for (const [id, v] of model) {
          expect(c[id]).toBe(v);
          expect(id in c).toBe(true);
        }
        for (const [version, asItWas] of history) expect(version).toEqual(asItWas);
      }),
      { numRuns: 100, seed },
    );
  });

  it("P2: an update keeps the identity of untouched entities, and of the collection when nothing changes", () => {
    const a = { id: "inc-1" };
    const b = { id: "inc-2" };
    const one = put(put({}, "inc-1", a), "inc-2", b);
    const two = put(one, "inc-2", { id: "inc-2" });
    expect(two["inc-1"]).toBe(a);
    expect(two).not.toBe(one);
    expect(put(two, "inc-1", a)).toBe(two);
    expect(one["inc-2"]).toBe(b);
  });

  it("P3: is read-only, and takes a plain record (from JSON) as its starting point", () => {
    const c = put({} as Collection<number>, "x", 1);
    expect(() => {
      (c as Record<string, number>).y = 2;
    }).toThrow(TypeError);
    const fromJson = JSON.parse('{"rep-1": 1, "rep-2": 2}') as Collection<number>;
    const next = put(fromJson, "rep-3", 3);
    expect(next).toEqual({ "rep-1": 1, "rep-2": 2, "rep-3": 3 });
    expect(fromJson).toEqual({ "rep-1": 1, "rep-2": 2 });
    expect(sizeOf(next)).toBe(3);
    expect({ ...next }).toEqual({ "rep-1": 1, "rep-2": 2, "rep-3": 3 });
    // Ids are data, whatever they spell.
    const odd = put(put({} as Collection<number>, "__proto__", 1), "constructor", 2);
    expect(Object.getOwnPropertyDescriptor(odd, "__proto__")?.value).toBe(1);
    expect(Object.keys(odd).sort()).toEqual(["__proto__", "constructor"]);
  });

  it("P8: entityOf and entriesOf read as hasOwn and Object.entries do, for a collection and a plain record, with no inherited names", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "constructor", "__proto__", "toString", "u-1", "u-2"), fc.integer()), {
          maxLength: 40,
        }),
        fc.constantFrom("a", "b", "constructor", "__proto__", "toString", "hasOwnProperty", "u-1", "u-3"),
        (ops, probe) => {
          let c: Collection<number> = {};
          for (const [id, n] of ops) c = put(c, id, n);
          const plain = JSON.parse(JSON.stringify(Object.fromEntries(entriesOf(c)))) as Collection<number>;
          for (const x of [c, plain]) {
            expect(entityOf(x, probe)).toBe(Object.hasOwn(x, probe) ? x[probe] : undefined);
            expect([...entriesOf(x)]).toEqual(Object.entries(x));
          }
        },
      ),
      { seed, numRuns: 200 },
    );
  });
});
