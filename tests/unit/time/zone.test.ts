import fc from "fast-check";
import { IANAZone } from "luxon";
import { observanceFrom, vtimezoneZone, type Observance } from "../../../lib/calendar/vtimezone.js";
import { fixedOffsetZone, ianaZone, instantToWall, wallToInstant, type TimeZone, type WallTimePolicy } from "../../../lib/time/zone.js";
import { propertyRuns } from "../../support/property-runs.js";

const at = (iso: string) => Date.parse(iso);
const wall = (text: string) => Date.parse(`${text}Z`); // a wall time, encoded as if UTC
const NEXT: WallTimePolicy = { gap: "next-valid-instant", fold: "earlier" };
const SHIFT: WallTimePolicy = { gap: "shift-by-gap", fold: "earlier" };
const HOUR_MS = 3_600_000;
const ZONES = [
  "America/New_York",
  "Europe/Berlin",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "America/St_Johns",
  "Pacific/Chatham",
  "Africa/Casablanca",
  "America/Santiago",
  "Pacific/Apia",
  "UTC",
];

// The US rules since 2007, as Outlook writes them: a zone known only by its offsets (no transition list).
const easternVtimezone = vtimezoneZone(
  "Eastern (feed)",
  [
    observanceFrom({ dtstart: "16010101T020000", offsetFrom: "-0400", offsetTo: "-0500", rrule: "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", rdates: [] }),
    observanceFrom({ dtstart: "16010101T020000", offsetFrom: "-0500", offsetTo: "-0400", rrule: "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", rdates: [] }),
  ].filter((o): o is Observance => o !== undefined),
) as TimeZone;

describe.each([
  ["IANA America/New_York", ianaZone("America/New_York")],
  ["a VTIMEZONE with New York's rules", easternVtimezone],
])("wallToInstant in %s", (_, zone) => {
  it("reads an ordinary wall time with the offset in force, under either policy", () => {
    for (const policy of [NEXT, SHIFT]) {
      expect(wallToInstant(zone, wall("2031-03-03T09:00:00"), policy)).toBe(at("2031-03-03T14:00:00Z"));
      expect(wallToInstant(zone, wall("2031-07-10T09:00:00"), policy)).toBe(at("2031-07-10T13:00:00Z"));
    }
  });

  it("next-valid-instant: a time in the spring-forward gap is the first instant after it", () => {
    expect(wallToInstant(zone, wall("2031-03-09T02:30:00"), NEXT)).toBe(at("2031-03-09T07:00:00Z")); // 03:00 EDT
    expect(wallToInstant(zone, wall("2031-03-09T02:00:00"), NEXT)).toBe(at("2031-03-09T07:00:00Z"));
    expect(wallToInstant(zone, wall("2031-03-09T02:59:59"), NEXT)).toBe(at("2031-03-09T07:00:00Z"));
    expect(wallToInstant(zone, wall("2031-03-09T01:59:00"), NEXT)).toBe(at("2031-03-09T06:59:00Z"));
    expect(wallToInstant(zone, wall("2031-03-09T03:00:00"), NEXT)).toBe(at("2031-03-09T07:00:00Z"));
  });

  it("shift-by-gap: a time in the spring-forward gap is read with the offset before it (RFC 5545)", () => {
    expect(wallToInstant(zone, wall("2031-03-09T02:30:00"), SHIFT)).toBe(at("2031-03-09T07:30:00Z")); // 03:30 EDT
    expect(wallToInstant(zone, wall("2031-03-09T02:00:00"), SHIFT)).toBe(at("2031-03-09T07:00:00Z"));
    expect(wallToInstant(zone, wall("2031-03-09T01:59:00"), SHIFT)).toBe(at("2031-03-09T06:59:00Z"));
    // Which reverses wall-time order: 02:59 comes after 03:00. The engine's policy never does.
    expect(wallToInstant(zone, wall("2031-03-09T02:59:00"), SHIFT)).toBeGreaterThan(wallToInstant(zone, wall("2031-03-09T03:00:00"), SHIFT));
  });

  it("fold earlier: a time that occurs twice is its first occurrence, under either policy", () => {
    for (const policy of [NEXT, SHIFT]) {
      expect(wallToInstant(zone, wall("2031-11-02T01:30:00"), policy)).toBe(at("2031-11-02T05:30:00Z")); // 01:30 EDT
      expect(wallToInstant(zone, wall("2031-11-02T01:00:00"), policy)).toBe(at("2031-11-02T05:00:00Z"));
      expect(wallToInstant(zone, wall("2031-11-02T00:59:00"), policy)).toBe(at("2031-11-02T04:59:00Z"));
      expect(wallToInstant(zone, wall("2031-11-02T02:00:00"), policy)).toBe(at("2031-11-02T07:00:00Z")); // 02:00 EST
    }
  });
});

describe("wallToInstant", () => {
  it("follows a 30-minute change (Lord Howe) under each policy", () => {
    const lordHowe = ianaZone("Australia/Lord_Howe");
    // 2031-10-05 02:00 +10:30 → 02:30 +11 (15:30Z the day before).
    expect(wallToInstant(lordHowe, wall("2031-10-05T02:15:00"), NEXT)).toBe(at("2031-10-04T15:30:00Z"));
    expect(wallToInstant(lordHowe, wall("2031-10-05T02:15:00"), SHIFT)).toBe(at("2031-10-04T15:45:00Z"));
    // 2031-04-06 02:00 +11 → 01:30 +10:30: 01:45 occurs twice.
    expect(wallToInstant(lordHowe, wall("2031-04-06T01:45:00"), NEXT)).toBe(at("2031-04-05T14:45:00Z"));
    expect(wallToInstant(lordHowe, wall("2031-04-06T01:45:00"), SHIFT)).toBe(at("2031-04-05T14:45:00Z"));
  });

  it("reads fixed offsets", () => {
    expect(wallToInstant(fixedOffsetZone(345 * 60_000), wall("2031-01-01T12:00:00"), SHIFT)).toBe(at("2031-01-01T06:15:00Z"));
    expect(fixedOffsetZone(-210 * 60_000).name).toBe("-03:30");
  });

  it("property: a wall time read back from an instant gives that instant or an earlier one with the same wall time", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: at("1990-01-01T00:00:00Z"), max: at("2045-01-01T00:00:00Z") }), fc.constantFrom(NEXT, SHIFT), (name, t, policy) => {
        const zone = ianaZone(name);
        const back = wallToInstant(zone, instantToWall(zone, t), policy);
        expect(instantToWall(zone, back)).toBe(instantToWall(zone, t));
        expect(back).toBeLessThanOrEqual(t);
        expect(t - back).toBeLessThanOrEqual(HOUR_MS);
      }),
      { numRuns: propertyRuns(2_000) },
    );
  });

  it("property: near a change, the policies differ only in a gap, and next-valid-instant keeps wall-time order", () => {
    const zones = ZONES.filter((z) => z !== "UTC" && z !== "Asia/Kathmandu");
    const nearChange = fc
      .record({
        name: fc.constantFrom(...zones),
        from: fc.integer({ min: at("1990-01-01T00:00:00Z"), max: at("2045-01-01T00:00:00Z") }),
        shifts: fc.tuple(fc.integer({ min: -180, max: 180 }), fc.integer({ min: -180, max: 180 })),
      })
      .map(({ name, from, shifts }) => {
        const zone = ianaZone(name);
        const change = zone.transitionAfter(from, from + 400 * 86_400_000);
        return { zone, change, walls: shifts.map((m) => (change === undefined ? 0 : instantToWall(zone, change - 1) + m * 60_000)) };
      });
    fc.assert(
      fc.property(nearChange, ({ zone, change, walls }) => {
        fc.pre(change !== undefined);
        const [w1, w2] = [...walls].sort((a, b) => a - b) as [number, number];
        for (const w of [w1, w2]) {
          const next = wallToInstant(zone, w, NEXT);
          const shifted = wallToInstant(zone, w, SHIFT);
          if (instantToWall(zone, next) === w) {
            expect(shifted).toBe(next);
          } else {
            // In a gap: the next instant is the change itself, and the shift is the gap's length.
            expect(next).toBe(change);
            expect(instantToWall(zone, next)).toBeGreaterThan(w);
            expect(instantToWall(zone, shifted) - w).toBe(zone.offsetAt(change) - zone.offsetAt(change - 1));
          }
        }
        expect(wallToInstant(zone, w1, NEXT)).toBeLessThanOrEqual(wallToInstant(zone, w2, NEXT));
      }),
      { numRuns: propertyRuns(2_000) },
    );
  });
});

describe("ianaZone", () => {
  it("property: cached offsets equal the tz database's, also next to a change", () => {
    const transitions = [at("2031-03-09T07:00:00Z"), at("2031-11-02T06:00:00Z"), at("2031-03-30T01:00:00Z"), at("2031-10-26T01:00:00Z")];
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.oneof(
          fc.integer({ min: at("1970-01-01T00:00:00Z"), max: at("2045-01-01T00:00:00Z") }),
          fc.constantFrom(...transitions).chain((t) => fc.integer({ min: t - 7_200_000, max: t + 7_200_000 })),
        ),
        (name, t) => {
          expect(ianaZone(name).offsetAt(t)).toBe(IANAZone.create(name).offset(t) * 60_000);
        },
      ),
      { numRuns: propertyRuns(3_000) },
    );
  });

  it("is shared per name, and rejects unknown names", () => {
    expect(ianaZone("Europe/Paris")).toBe(ianaZone("Europe/Paris"));
    expect(() => ianaZone("Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
