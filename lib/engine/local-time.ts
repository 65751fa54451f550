/**
 * Reading and writing instants at the edges: ISO 8601 with an offset, and the
 * seed's zone-less local `YYYY-MM-DDTHH:MM` read in an owner's zone.
 */
import { DAY_MS, MINUTE_MS, formatWallMinutes, tryDayNumber, tryMinutesOfDay } from "./calendar-date.js";
import { EngineInputError } from "./errors.js";
import { zoneClock } from "./zone.js";
import type { EpochMs } from "./types.js";

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:\d{2})$/;
const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/**
 * An ISO 8601 date-time that carries an offset (`Z`, `+00:00`, `+05:30` …), as
 * epoch ms; `undefined` for anything else, including a time without an offset.
 */
export function tryParseInstant(text: string): EpochMs | undefined {
  const m = INSTANT_RE.exec(text);
  if (!m) return undefined;
  const day = tryDayNumber(m[1]!);
  const minutes = tryMinutesOfDay(m[2]!, false);
  const seconds = m[3] === undefined ? 0 : Number(m[3]);
  if (day === undefined || minutes === undefined || seconds > 59) return undefined;
  const millis = m[4] === undefined ? 0 : Math.floor(Number(`0.${m[4]}`) * 1000);
  let offset = 0;
  const z = m[5]!;
  if (z !== "Z" && z !== "z") {
    const oh = Number(z.slice(1, 3));
    const om = Number(z.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offset = (z[0] === "-" ? -1 : 1) * (oh * 60 + om) * MINUTE_MS;
  }
  return day * DAY_MS + minutes * MINUTE_MS + seconds * 1000 + millis - offset;
}

export function parseInstant(text: string, path?: string): EpochMs {
  const t = tryParseInstant(text);
  if (t === undefined) throw new EngineInputError(`"${text}" is not an ISO 8601 date-time with an offset`, path);
  return t;
}

/** `YYYY-MM-DDTHH:MM` read as wall time in `zone` (gap → just after it, overlap → first occurrence). */
export function tryParseLocalDateTime(text: string, zone: string): EpochMs | undefined {
  const m = LOCAL_RE.exec(text);
  if (!m) return undefined;
  const day = tryDayNumber(m[1]!);
  const minutes = tryMinutesOfDay(m[2]!, false);
  if (day === undefined || minutes === undefined) return undefined;
  return zoneClock(zone).atWallMinutes(day, minutes);
}

export function parseLocalDateTime(text: string, zone: string, path?: string): EpochMs {
  const t = tryParseLocalDateTime(text, zone);
  if (t === undefined) throw new EngineInputError(`"${text}" is not a local date-time (YYYY-MM-DDTHH:MM)`, path);
  return t;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

function wallParts(wall: number): { date: string; hh: string; mm: string; ss: number } {
  const d = new Date(wall);
  return {
    date: d.toISOString().slice(0, 10),
    hh: pad2(d.getUTCHours()),
    mm: pad2(d.getUTCMinutes()),
    ss: d.getUTCSeconds(),
  };
}

/** `YYYY-MM-DDTHH:MM` as read on a wall clock in `zone` (the seed's slot format). */
export function formatLocalDateTime(t: EpochMs, zone: string): string {
  return formatWallMinutes(zoneClock(zone).wallAt(t));
}

/** ISO 8601 with the zone's offset at that instant, e.g. `2031-01-06T09:00:00+01:00`. */
export function formatOffsetDateTime(t: EpochMs, zone: string): string {
  const offset = zoneClock(zone).offsetAt(t);
  const p = wallParts(t + offset);
  const abs = Math.abs(Math.round(offset / MINUTE_MS));
  const sign = offset < 0 ? "-" : "+";
  return `${p.date}T${p.hh}:${p.mm}:${pad2(p.ss)}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** UTC ISO 8601, milliseconds only when not zero, e.g. `2030-09-27T09:00:00Z` (how instants are stored). */
export function formatUtc(t: EpochMs): string {
  return new Date(t).toISOString().replace(/\.000Z$/, "Z");
}
