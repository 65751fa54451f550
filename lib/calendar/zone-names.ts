/**
 * Zones as feeds write them: IANA names in any letter case, and UTC offsets
 * (TZOFFSETTO, labels such as "(UTC+01:00) …"). The zones themselves and wall
 * ⇄ instant conversion are lib/time/zone.ts's.
 */
import { IANAZone } from "luxon";

/** Answers already known, per name: asking the runtime builds an Intl.DateTimeFormat (tens of µs), once per TZID use in a feed. */
const validity = new Map<string, boolean>();
/** Feeds name zones freely: the memo is dropped whole past this many names. */
const MAX_REMEMBERED = 2000;

/** Any letter case: the runtime accepts "europe/paris" as Europe/Paris. */
export function isValidIanaZone(name: string): boolean {
  let valid = validity.get(name);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name);
    if (validity.size >= MAX_REMEMBERED) validity.clear();
    validity.set(name, valid);
  }
  return valid;
}

let icuZoneIds: ReadonlySet<string> | undefined;
const exactness = new Map<string, boolean>();

/**
 * Whether `name` is spelled exactly as the runtime's tz database spells a zone
 * ("Europe/Lisbon", not "Europe/lisbon"). Links that ICU renames (Asia/Kolkata
 * → Asia/Calcutta) are not recognised; callers treat them as inexact.
 */
export function isExactIanaZone(name: string): boolean {
  if (!isValidIanaZone(name)) return false;
  icuZoneIds ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (icuZoneIds.has(name)) return true;
  let exact = exactness.get(name);
  if (exact === undefined) {
    exact = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone === name;
    if (exactness.size >= MAX_REMEMBERED) exactness.clear();
    exactness.set(name, exact);
  }
  return exact;
}

/**
 * Parses a UTC offset as written in TZOFFSETTO ("+0130", "-0500", "+013045")
 * or in a TZID label ("UTC+01:00", "(UTC-03:30) Newfoundland", "GMT-4").
 * Returns minutes, or undefined when the text is not an offset.
 */
export function parseUtcOffset(text: string): number | undefined {
  const match = /^\(?(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?\)?/i.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? "0");
  const seconds = Number(match[4] ?? "0");
  if (hours > 18 || minutes > 59 || seconds > 59) return undefined;
  const total = hours * 60 + minutes + seconds / 60;
  return match[1] === "-" ? -total : total;
}
