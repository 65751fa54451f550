/**
 * Reads an iCalendar text into plain components with raw property values,
 * using node-ical for the syntax (line unfolding, components, parameters,
 * text unescaping).
 *
 * node-ical 0.27.2 also interprets dates, and there it gets things wrong for
 * this service, so the properties this module needs are renamed to X- names
 * before parsing, which node-ical stores verbatim:
 * - floating times borrow the first VTIMEZONE of the feed (or the host's zone),
 *   not the owner's zone; all-day dates become host-local midnights;
 * - TZIDs with vendor prefixes ("/mozilla.org/…/Europe/Berlin") or custom names
 *   silently become host-local times;
 * - an ambiguous local time (DST fold) resolves to its second occurrence;
 * - one duplicated DTSTART or one unparseable RRULE throws away the whole feed;
 * - RDATE is never expanded, and events are merged by UID before their
 *   RECURRENCE-ID is known.
 */
import { sync as nodeIcal } from "node-ical";

interface IcsProperty {
  value: string;
  params: Readonly<Record<string, string>>;
}

export interface IcsComponent {
  type: string;
  /** Upper-cased property name → every occurrence, in feed order. */
  properties: ReadonlyMap<string, IcsProperty[]>;
  components: IcsComponent[];
}

export class CalendarParseError extends Error {
  override readonly name = "CalendarParseError";
}

const RAW_PREFIX = "X-CALFEED-";
/** Properties read from the feed; everything else node-ical may keep however it likes. */
const RAW_PROPERTIES = [
  "UID",
  "DTSTART",
  "DTEND",
  "DURATION",
  "RECURRENCE-ID",
  "EXDATE",
  "RDATE",
  "RRULE",
  "STATUS",
  "TRANSP",
  "SUMMARY",
  "SEQUENCE",
  "TZID",
  "TZOFFSETFROM",
  "TZOFFSETTO",
  "X-MICROSOFT-CDO-BUSYSTATUS",
];
/** A property name and its parameters (quoted values may hold ";" and ":"), up to the ":" before the value. */
const RENAME = new RegExp(
  `^(${RAW_PROPERTIES.join("|")})(?:((?:;[^;:="]*=(?:"[^"]*"|[^;:,"]*)(?:,(?:"[^"]*"|[^;:,"]*))*)*)(?=:)|(?=[;:]))`,
  "gim",
);
const PARAMETER = /;([^;=]*)=("[^"]*"|[^;]*)/g;
// node-ical drops the "X-" of custom properties when storing them.
const STORED_PREFIX = RAW_PREFIX.slice(2);
/**
 * node-ical drops a whole property when one of its parameters is empty
 * (Exchange 2010 writes "DTSTART;TZID=:…"); such values travel as this marker.
 */
const EMPTY_PARAMETER = "X-CALFEED-EMPTY";
/** Components nested deeper than this are refused: real feeds nest three or four deep. */
const MAX_NESTING = 64;

/** Parses every VCALENDAR in the text; throws CalendarParseError when there is none. */
export function parseIcs(text: string): IcsComponent[] {
  const unfolded = text
    .replace(/^\uFEFF/, "")
    .replace(/\r(?!\n)/g, "\n")
    .replace(/\r?\n[ \t]/g, "");
  checkNesting(unfolded);
  const normalised = unfolded.replace(RENAME, (_line: string, name: string, params: string | undefined) =>
    RAW_PREFIX + name.toUpperCase() + markEmptyParameters(params ?? ""),
  );
  const blocks = splitCalendars(normalised);
  if (blocks.length === 0) throw new CalendarParseError("No BEGIN:VCALENDAR in the feed");

  const calendars: IcsComponent[] = [];
  for (const block of blocks) {
    let parsed: unknown;
    try {
      parsed = nodeIcal.parseICS(block);
    } catch (error) {
      throw new CalendarParseError(`Unreadable calendar: ${(error as Error).message}`);
    }
    calendars.push(toComponent("VCALENDAR", parsed));
  }
  return calendars;
}

function markEmptyParameters(params: string): string {
  return params.replace(PARAMETER, (parameter: string, name: string, value: string) =>
    value === "" || value === '""' ? `;${name}=${EMPTY_PARAMETER}` : parameter,
  );
}

/**
 * Refuses nesting deeper than MAX_NESTING before any component tree is built,
 * so that no walk over the tree (here, in node-ical or in callers) can run out of stack.
 */
function checkNesting(text: string): void {
  const marker = /^(BEGIN|END)[ \t]*:/gim;
  let depth = 0;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if ((m[1] ?? "").toUpperCase() === "END") depth = Math.max(0, depth - 1);
    else if (++depth > MAX_NESTING) throw new CalendarParseError(`Components nested more than ${MAX_NESTING} deep`);
  }
}

/** node-ical keeps only the last of several concatenated VCALENDARs; parse each on its own. */
function splitCalendars(text: string): string[] {
  const starts: number[] = [];
  const begin = /^BEGIN:VCALENDAR\s*$/gim;
  for (let m = begin.exec(text); m; m = begin.exec(text)) starts.push(m.index);
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
}

function toComponent(type: string, node: unknown): IcsComponent {
  const properties = new Map<string, IcsProperty[]>();
  const components: IcsComponent[] = [];
  if (isRecord(node)) {
    // Keys, not entries, and lists appended in place: this runs for every property of every event.
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (key.startsWith(STORED_PREFIX)) {
        const name = key.slice(STORED_PREFIX.length).toUpperCase();
        const found = toProperties(value);
        const list = properties.get(name);
        if (list) list.push(...found);
        else properties.set(name, found);
      } else if (isRecord(value) && typeof value.type === "string") {
        components.push(toComponent(value.type.toUpperCase(), value));
      } else if (key === "vcalendar" && isRecord(value)) {
        // Calendar-level string properties node-ical moved aside; nothing here is needed.
      }
    }
  }
  return { type, properties, components };
}

function toProperties(stored: unknown): IcsProperty[] {
  const list = Array.isArray(stored) ? stored : [stored];
  const out: IcsProperty[] = [];
  for (const item of list) {
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") {
      out.push({ value: String(item), params: {} });
    } else if (isRecord(item) && "val" in item) {
      out.push(repairSchemedTzid({ value: String(item.val ?? ""), params: toParams(item.params) }));
    }
  }
  return out;
}

function toParams(params: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(params)) for (const [k, v] of Object.entries(params)) out[k.toUpperCase()] = v === EMPTY_PARAMETER ? "" : String(v);
  return out;
}

/**
 * node-ical's line pattern stops a parameter at ":", so TZID=tzone://Microsoft/Utc
 * arrives as TZID "tzone" and a value "//Microsoft/Utc:20310310T090000".
 */
function repairSchemedTzid(property: IcsProperty): IcsProperty {
  const tzid = property.params.TZID;
  const lastColon = property.value.lastIndexOf(":");
  if (tzid === undefined || lastColon < 0 || !property.value.startsWith("//")) return property;
  return {
    value: property.value.slice(lastColon + 1),
    params: { ...property.params, TZID: `${tzid}:${property.value.slice(0, lastColon)}` },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !(value instanceof Date) && !Array.isArray(value);
}

/** The first value of a property, if any. */
export function firstProperty(component: IcsComponent, name: string): IcsProperty | undefined {
  return component.properties.get(name)?.[0];
}
