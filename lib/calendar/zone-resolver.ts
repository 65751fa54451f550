/**
 * What a TZID in a feed means, in the order that is most often right:
 * an IANA name spelled exactly; the feed's own VTIMEZONE for that TZID (custom
 * names, any letter case); an IANA name in another letter case; a Windows zone
 * id or display name (Outlook, Exchange); an IANA name behind a vendor prefix
 * ("/mozilla.org/20050126_1/Europe/Berlin", "tzone://Microsoft/Utc"); a UTC
 * offset label ("(UTC+01:00) …"). An empty TZID (Exchange 2010) names an
 * empty-TZID VTIMEZONE, or else is floating. Anything else falls back to the
 * owner's zone — it is their calendar — and is reported.
 */
import { fixedOffsetZone, ianaZone, type TimeZone } from "../time/zone.js";
import { MINUTE_MS } from "./wall-time.js";
import { isExactIanaZone, isValidIanaZone, parseUtcOffset } from "./zone-names.js";
import { vtimezoneZone, type Observance } from "./vtimezone.js";
import { ianaFromWindowsZone } from "./windows-zones.js";

export class ZoneResolver {
  readonly ownerZone: TimeZone;
  readonly unresolved = new Set<string>();
  private readonly cache = new Map<string, TimeZone>();
  private readonly vtimezones: ReadonlyMap<string, Observance[]>;

  constructor(ownerZoneName: string, vtimezones: ReadonlyMap<string, Observance[]>) {
    this.ownerZone = ianaZone(ownerZoneName);
    this.vtimezones = vtimezones;
  }

  resolve(tzid: string): TimeZone {
    let zone = this.cache.get(tzid);
    if (!zone) {
      zone = this.lookup(tzid);
      this.cache.set(tzid, zone);
    }
    return zone;
  }

  private lookup(raw: string): TimeZone {
    const tzid = raw.trim().replace(/^"(.*)"$/, "$1").trim();
    if (tzid === "") {
      // Exchange 2010 writes TZID= with a VTIMEZONE whose TZID is empty; without one the time is floating.
      return this.fromFeed("", "") ?? this.ownerZone;
    }
    // Only an exact IANA name outranks the feed's own definition of that TZID.
    if (isExactIanaZone(tzid)) return ianaZone(tzid);

    const fromFeed = this.fromFeed(tzid, raw);
    if (fromFeed) return fromFeed;

    if (isValidIanaZone(tzid)) return ianaZone(tzid);

    const windows = ianaFromWindowsZone(tzid);
    if (windows) return ianaZone(windows);

    const prefixed = ianaBehindPrefix(tzid);
    if (prefixed) return ianaZone(prefixed);

    const offset = parseUtcOffset(tzid);
    if (offset !== undefined) return fixedOffsetZone(offset * MINUTE_MS);

    this.unresolved.add(tzid);
    return this.ownerZone;
  }

  /** The feed's VTIMEZONE for a TZID: as written, unquoted, or in another letter case (RFC 5545 §3.2). */
  private fromFeed(tzid: string, raw: string): TimeZone | undefined {
    const observances = this.vtimezones.get(tzid) ?? this.vtimezones.get(raw) ?? findCaseInsensitive(this.vtimezones, tzid);
    return observances ? vtimezoneZone(tzid, observances) : undefined;
  }
}

/** The longest "/"-separated suffix of a prefixed TZID that is an IANA name. */
function ianaBehindPrefix(tzid: string): string | undefined {
  if (!tzid.includes("/")) return undefined;
  const segments = tzid.split("/").filter((s) => s.length > 0);
  for (let i = 1; i < segments.length; i++) {
    const candidate = segments.slice(i).join("/");
    if (isValidIanaZone(candidate)) return candidate;
  }
  return undefined;
}

function findCaseInsensitive<T>(map: ReadonlyMap<string, T>, key: string): T | undefined {
  const lower = key.toLowerCase();
  for (const [k, v] of map) if (k.trim().toLowerCase() === lower) return v;
  return undefined;
}
