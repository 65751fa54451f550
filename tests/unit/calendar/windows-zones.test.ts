import { IANAZone } from "luxon";
import { ianaFromWindowsZone, windowsDisplayLabels, windowsZoneIds } from "../../../lib/calendar/windows-zones.js";

describe("Windows zone table", () => {
  it("covers CLDR's windowZones (at least 140 ids), each mapped to a valid IANA zone", () => {
    const ids = windowsZoneIds();
    expect(ids.length).toBeGreaterThanOrEqual(140);
    const invalid = ids.filter((id) => !IANAZone.isValidZone(ianaFromWindowsZone(id) ?? ""));
    expect(invalid).toEqual([]);
  });

  it.each([
    ["W. Europe Standard Time", "Europe/Berlin"],
    ["Pacific Standard Time", "America/Los_Angeles"],
    ["Eastern Standard Time", "America/New_York"],
    ["GMT Standard Time", "Europe/London"],
    ["India Standard Time", "Asia/Kolkata"],
    ["AUS Eastern Standard Time", "Australia/Sydney"],
    ["Romance Standard Time", "Europe/Paris"],
    ["China Standard Time", "Asia/Shanghai"],
    ["UTC", "Etc/UTC"],
    ["UTC-11", "Etc/GMT+11"],
  ])("%s → %s", (windows, iana) => {
    expect(ianaFromWindowsZone(windows)).toBe(iana);
  });

  it("matches case-insensitively and ignores extra spaces", () => {
    expect(ianaFromWindowsZone("  pacific   standard time ")).toBe("America/Los_Angeles");
  });

  it("knows nothing of IANA names or made-up labels", () => {
    expect(ianaFromWindowsZone("Europe/Berlin")).toBeUndefined();
    expect(ianaFromWindowsZone("Customized Time Zone")).toBeUndefined();
  });
  it("maps every Windows display label, with any offset prefix, to its zone's IANA name; no label names two zones", () => {
    const labels = windowsDisplayLabels();
    expect(labels.length).toBeGreaterThanOrEqual(140);
    const byLabel = new Map<string, string>();
    for (const [label, windowsId] of labels) {
      const key = label.toLowerCase().replace(/&/g, "and");
      expect([key, byLabel.get(key) ?? windowsId]).toEqual([key, windowsId]);
      byLabel.set(key, windowsId);
      expect([label, ianaFromWindowsZone(`(UTC+01:00) ${label}`)]).toEqual([label, ianaFromWindowsZone(windowsId)]);
    }
  });

  it.each([
    ["(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"],
    ["(GMT-05:00) Eastern Time (US and Canada)", "America/New_York"],
    ["(GMT+10:00) Canberra, Melbourne, Sydney", "Australia/Sydney"],
    ["(UTC) Coordinated Universal Time", "Etc/UTC"],
    ["(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London", "Europe/London"],
    ["(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "Europe/London"],
    ["(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "Asia/Kolkata"],
  ])("display name %s → %s", (display, iana) => {
    expect(ianaFromWindowsZone(display)).toBe(iana);
  });

  it("needs the offset prefix of a display name: a bare city list is not a zone", () => {
    expect(ianaFromWindowsZone("Canberra, Melbourne, Sydney")).toBeUndefined();
    expect(ianaFromWindowsZone("(UTC+10:00) Somewhere Else")).toBeUndefined();
  });
});
