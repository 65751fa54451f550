import fc from "fast-check";
import {
  atLeast,
  clip,
  containing,
  intersect,
  intersectAll,
  isNormalized,
  normalize,
  overlapping,
  subtract,
  totalLength,
  union,
} from "../../../lib/engine/intervals.js";
import type { Interval } from "../../../lib/engine/types.js";
import { Bitmap } from "./support/oracle.js";
import { propertyRuns } from "../../support/property-runs.js";

const iv = (start: number, end: number): Interval => ({ start, end });
const LO = -5;
const HI = 170; // beyond every generated end (120 + 40)

/**
 * Lists of intervals on a small grid, drawn from a shared pool so that
 * duplicates, touching, nested and empty intervals are frequent.
 */
const pool = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: -3, max: 40 })).map(([s, len]) => iv(s, s + len)),
  { minLength: 1, maxLength: 12 },
);
const listFrom = (p: Interval[]) => fc.array(fc.constantFrom(...p), { maxLength: 14 });
const twoLists = pool.chain((p) => fc.tuple(listFrom(p), listFrom(p)));
const manyLists = pool.chain((p) => fc.array(listFrom(p), { maxLength: 5 }));

const bits = (xs: readonly Interval[]) => Bitmap.of(LO, HI, xs);
const runs = (b: Bitmap) => b.runs();

describe("interval primitives (examples)", () => {
  it("normalises: sorts, drops empty, joins overlapping, touching, nested and duplicate intervals", () => {
    expect(normalize([iv(5, 7), iv(0, 2), iv(2, 3), iv(1, 1), iv(6, 6), iv(4, 9), iv(5, 6), iv(5, 7), iv(12, 10)])).toEqual([
      iv(0, 3),
      iv(4, 9),
    ]);
    expect(normalize([])).toEqual([]);
  });

  it("unions, intersects and subtracts with half-open semantics", () => {
    expect(union([iv(0, 2)], [iv(2, 4)], [iv(6, 7)])).toEqual([iv(0, 4), iv(6, 7)]);
    expect(intersect([iv(0, 2)], [iv(2, 4)])).toEqual([]); // touching: no overlap
    expect(intersect([iv(0, 10)], [iv(2, 3), iv(5, 12)])).toEqual([iv(2, 3), iv(5, 10)]);
    expect(subtract([iv(0, 10)], [iv(2, 3), iv(3, 4), iv(9, 15)])).toEqual([iv(0, 2), iv(4, 9)]);
    expect(subtract([iv(0, 10)], [iv(0, 10)])).toEqual([]);
    expect(intersectAll([[iv(0, 10)], [iv(2, 8)], [iv(5, 20)]])).toEqual([iv(5, 8)]);
    expect(intersectAll([])).toEqual([]);
  });

  it("clips, filters by length, finds containing and overlapping intervals", () => {
    const set = [iv(0, 5), iv(10, 20), iv(30, 31)];
    expect(clip(set, iv(3, 12))).toEqual([iv(3, 5), iv(10, 12)]);
    expect(atLeast(set, 5)).toEqual([iv(0, 5), iv(10, 20)]);
    expect(containing(set, iv(12, 20))).toEqual(iv(10, 20));
    expect(containing(set, iv(18, 21))).toBeUndefined();
    expect(overlapping(set, iv(5, 10))).toEqual([]);
    expect(overlapping(set, iv(4, 31))).toEqual(set);
    expect(totalLength(set)).toBe(16);
  });

  it("does not mutate its inputs", () => {
    const a = [iv(5, 9), iv(0, 3)];
    const snapshot = JSON.stringify(a);
    normalize(a);
    subtract(a, [iv(1, 2)]);
    expect(JSON.stringify(a)).toBe(snapshot);
  });
});

describe("interval primitives agree with a minute-grid oracle", () => {
  const runs3000 = { numRuns: propertyRuns(3000) };

  it("normalize", () => {
    fc.assert(
      fc.property(pool.chain(listFrom), (xs) => {
        const n = normalize(xs);
        expect(isNormalized(n)).toBe(true);
        expect(n).toEqual(runs(bits(xs)));
      }),
      runs3000,
    );
  });

  it("union of any number of lists", () => {
    fc.assert(
      fc.property(manyLists, (lists) => {
        expect(union(...lists)).toEqual(runs(bits(lists.flat())));
      }),
      runs3000,
    );
  });

  it("union, intersection and subtraction of two lists", () => {
    fc.assert(
      fc.property(twoLists, ([a, b]) => {
        const A = bits(a);
        const B = bits(b);
        expect(union(a, b)).toEqual(runs(A.map2(B, (x, y) => x || y)));
        expect(intersect(a, b)).toEqual(runs(A.map2(B, (x, y) => x && y)));
        expect(subtract(a, b)).toEqual(runs(A.map2(B, (x, y) => x && !y)));
      }),
      runs3000,
    );
  });

  it("N-way intersection", () => {
    fc.assert(
      fc.property(manyLists, (lists) => {
        let acc: Bitmap | undefined;
        for (const l of lists) acc = acc ? acc.map2(bits(l), (x, y) => x && y) : bits(l);
        expect(intersectAll(lists)).toEqual(acc ? runs(acc) : []);
      }),
      runs3000,
    );
  });

  it("clip and containment", () => {
    fc.assert(
      fc.property(pool.chain(listFrom), fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 40 }), (xs, s, len) => {
        const n = normalize(xs);
        const range = iv(s, s + len);
        expect(clip(n, range)).toEqual(runs(bits(xs).map2(bits([range]), (x, y) => x && y)));
        if (len > 0) expect(containing(n, range) !== undefined).toBe(bits(xs).all(s, s + len));
      }),
      runs3000,
    );
  });
});
