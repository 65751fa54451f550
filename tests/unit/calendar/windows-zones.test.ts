import { IANAZone } from "luxon";
import { ianaFromWindowsZone, windowsZoneIds } from "../../../lib/calendar/windows-zones.js";

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
});
