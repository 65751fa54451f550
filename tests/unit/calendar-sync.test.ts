import { mergeBusy, nextVersion, presenceBlock, sameIntervals } from "../../lib/calendar-sync/busy-set.js";
import { backoffMs } from "../../lib/calendar-sync/options.js";
import { calendarBusyFromItem, calendarBusyItem, type CalendarBusySet } from "../../lib/data/calendar-repo.js";
import { calendarSyncShard, calendarSyncShards } from "../../lib/data/keys.js";

const CALENDAR_SYNC_SHARDS = 8;

const T = Date.parse("2031-03-10T09:00:00Z");
const MINUTE = 60_000;
const at = (minutes: number) => T + minutes * MINUTE;
const span = (from: number, to: number) => ({ start: at(from), end: at(to) });
const instance = (from: number, to: number) => ({ ...span(from, to), allDay: false });

describe("mergeBusy", () => {
  test("joins overlapping and back-to-back events, keeps gaps, sorts", () => {
    const merged = mergeBusy([instance(60, 90), instance(0, 15), instance(15, 30), instance(10, 20), instance(31, 40)], at(1000), 100);
    expect(merged).toEqual({ intervals: [span(0, 30), span(31, 40), span(60, 90)], to: at(1000), truncated: false });
  });

  test("past the cap, keeps the earliest intervals and ends the exact span where the first dropped one starts", () => {
    const instances = Array.from({ length: 10 }, (_, i) => instance(i * 10, i * 10 + 5));
    const merged = mergeBusy(instances, at(1000), 4);
    expect(merged.intervals).toEqual([span(0, 5), span(10, 15), span(20, 25), span(30, 35)]);
    expect(merged.to).toBe(at(40));
    expect(merged.truncated).toBe(true);
  });
});

describe("nextVersion", () => {
  const stored: CalendarBusySet = { version: 41, intervals: [span(-60, -30), span(10, 20)], syncedAt: at(-90), from: at(-90), to: at(1000) };

  test("a first set starts at the epoch ms of now, so a re-created set never reuses an old version", () => {
    expect(nextVersion(undefined, [span(1, 2)], T)).toBe(T);
  });

  test("keeps the version when busy time from now on is the same, even though ended intervals dropped out", () => {
    expect(nextVersion(stored, [span(10, 20)], T)).toBe(41);
  });

  test("adds one when anything from now on differs", () => {
    expect(nextVersion(stored, [span(10, 21)], T)).toBe(42);
    expect(nextVersion(stored, [span(10, 20), span(50, 60)], T)).toBe(42);
    expect(nextVersion(stored, [], T)).toBe(42);
  });

  test("sameIntervals compares exactly", () => {
    expect(sameIntervals([span(1, 2)], [span(1, 2)])).toBe(true);
    expect(sameIntervals([span(1, 2)], [span(1, 3)])).toBe(false);
    expect(sameIntervals([], [span(1, 2)])).toBe(false);
  });
});

describe("presenceBlock", () => {
  const merged = [span(-30, -10), span(-5, 20), span(40, 50)];
  test("the block running now", () => expect(presenceBlock(merged, T)).toEqual(span(-5, 20)));
  test("else the next one, which takes effect at its start", () => expect(presenceBlock(merged, at(25))).toEqual(span(40, 50)));
  test("a block's end is not busy any more", () => expect(presenceBlock(merged, at(20))).toEqual(span(40, 50)));
  test("nothing from now on", () => expect(presenceBlock(merged, at(50))).toBeUndefined());
});

describe("backoffMs", () => {
  test("doubles from one minute and stops at the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffMs(n, 60 * MINUTE) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });
});

describe("calendarSyncShard", () => {
  test("is stable and spreads ids over every shard", () => {
    expect(calendarSyncShard("ann", 8)).toBe(calendarSyncShard("ann", 8));
    expect(calendarSyncShards(8)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    const counts = new Map<string, number>();
    for (let i = 0; i < 8000; i++) {
      const shard = calendarSyncShard(`user-${i}`, 8);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    expect(counts.size).toBe(CALENDAR_SYNC_SHARDS);
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });
});

describe("the CALENDAR item", () => {
  test("stores the intervals as one flat sorted list and reads them back", () => {
    const set: CalendarBusySet = { version: 7, intervals: [span(0, 10), span(20, 30)], syncedAt: T, from: T, to: at(100) };
    const item = calendarBusyItem("ann", set);
    expect(item).toMatchObject({ pk: "OWNER#ann", sk: "CALENDAR", busy: [at(0), at(10), at(20), at(30)], count: 2 });
    expect(calendarBusyFromItem(item)).toEqual(set);
    expect(calendarBusyFromItem(undefined)).toBeUndefined();
  });
});
