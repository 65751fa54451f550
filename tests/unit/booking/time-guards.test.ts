import fc from "fast-check";
import { guardsFor } from "../../../lib/booking/time-guards.js";
import { propertyRuns } from "../../support/property-runs.js";

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("booking guards", () => {
  test("one guard per UTC hour the buffered time touches, half-open", () => {
    expect(guardsFor({ start: at("2031-05-05T09:00:00Z"), end: at("2031-05-05T10:00:00Z") }, undefined)).toEqual(["2031-05-05T09"]);
    expect(guardsFor({ start: at("2031-05-05T09:45:00Z"), end: at("2031-05-05T10:15:00Z") }, undefined)).toEqual(["2031-05-05T09", "2031-05-05T10"]);
    expect(guardsFor({ start: at("2031-05-05T23:30:00Z"), end: at("2031-05-06T00:30:00Z") }, undefined)).toEqual(["2031-05-05T23", "2031-05-06T00"]);
  });

  test("with a daily maximum, the owner-local date counted toward is guarded too", () => {
    expect(guardsFor({ start: at("2031-05-05T22:30:00Z"), end: at("2031-05-05T23:00:00Z") }, "2031-05-06")).toEqual(["2031-05-05T22", "2031-05-06"]);
  });

  test("a time that no transaction could hold is refused", () => {
    expect(() => guardsFor({ start: 0, end: 200 * HOUR }, undefined)).toThrow(RangeError);
    expect(() => guardsFor({ start: 5, end: 5 }, undefined)).toThrow(RangeError);
    expect(() => guardsFor({ start: Number.NaN, end: 5 }, undefined)).toThrow(RangeError);
  });

  test("two buffered times that overlap always share a guard; times in different hours never do", () => {
    const interval = fc
      .tuple(fc.integer({ min: 0, max: 10 * 24 * 60 }), fc.integer({ min: 1, max: 72 * 60 }))
      .map(([start, length]) => ({ start: start * 60_000, end: (start + length) * 60_000 }));
    fc.assert(
      fc.property(interval, interval, (a, b) => {
        const shared = guardsFor(a, undefined).some((guard) => guardsFor(b, undefined).includes(guard));
        const overlap = a.start < b.end && b.start < a.end;
        const sameHours = Math.floor(a.start / HOUR) <= Math.floor((b.end - 1) / HOUR) && Math.floor(b.start / HOUR) <= Math.floor((a.end - 1) / HOUR);
        if (overlap) expect(shared).toBe(true);
        expect(shared).toBe(sameHours);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });
});
