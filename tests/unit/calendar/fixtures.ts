import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BusyInterval } from "../../../lib/calendar/ics.js";

const FIXTURES = fileURLToPath(new URL("../../fixtures/ics/", import.meta.url));

export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, "utf8");
}

export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${iso}`);
  return ms;
};

/** Intervals as readable UTC rows, for exact assertions. */
export function rows(intervals: BusyInterval[]): string[] {
  return intervals.map((i) => `${new Date(i.start).toISOString()} ${new Date(i.end).toISOString()} ${i.summary ?? ""}${i.allDay ? " [all-day]" : ""}`);
}

/** Wraps VEVENT text in a minimal VCALENDAR with CRLF line ends. */
export function calendar(body: string): string {
  return `BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n${body.trim()}\nEND:VCALENDAR\n`.replace(/\n/g, "\r\n");
}
