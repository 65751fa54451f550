import { DateTime } from "luxon";
test("luxon resolves IANA zones", () => {
  expect(DateTime.fromISO("2031-03-09T12:00:00Z").setZone("America/New_York").offset).toBe(-240);
});
