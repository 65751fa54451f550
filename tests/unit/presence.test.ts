import { manualStatus, resolvePresence } from "../../lib/presence/presence.js";

const T = Date.parse("2031-03-09T12:00:00Z");
const MINUTE = 60_000;

describe("resolvePresence", () => {
  test("nothing stored → available by default with no expiry", () => {
    expect(resolvePresence({}, T)).toEqual({ status: "available", source: "default", expiresAt: null });
  });

  test("a manual status in force wins over a running calendar event", () => {
    const manual = { status: "available" as const, startsAt: T - MINUTE, expiresAt: T + MINUTE };
    const calendar = { status: "busy" as const, startsAt: T - MINUTE, expiresAt: T + 30 * MINUTE };
    expect(resolvePresence({ manual, calendar }, T)).toEqual({ status: "available", source: "manual", expiresAt: T + MINUTE });
  });

  test("the calendar applies once the manual status has expired, and the expiry instant itself is expired", () => {
    const manual = { status: "available" as const, startsAt: T - 30 * MINUTE, expiresAt: T };
    const calendar = { status: "busy" as const, startsAt: T - MINUTE, expiresAt: T + 30 * MINUTE };
    expect(resolvePresence({ manual, calendar }, T)).toEqual({ status: "busy", source: "calendar", expiresAt: T + 30 * MINUTE });
    expect(resolvePresence({ manual, calendar }, T - 1).source).toBe("manual");
  });

  test("calendar entries apply on [start, end): not before the event starts, not at its end", () => {
    const calendar = { status: "busy" as const, startsAt: T, expiresAt: T + MINUTE };
    expect(resolvePresence({ calendar }, T - 1).source).toBe("default");
    expect(resolvePresence({ calendar }, T).source).toBe("calendar");
    expect(resolvePresence({ calendar }, T + MINUTE).source).toBe("default");
  });
});

describe("manualStatus", () => {
  test("expires after the duration, rounded up to the second", () => {
    expect(manualStatus("busy", 30, T)).toEqual({ status: "busy", startsAt: T, expiresAt: T + 30 * MINUTE });
    expect(manualStatus("busy", 0.5, T + 1).expiresAt).toBe(T + 31_000);
  });
});
