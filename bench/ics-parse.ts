/**
 * `npx tsx bench/ics-parse.ts [--runs N] [--write path.ics]`
 *
 * Generates (seeded, so every run sees the same bytes) a ~2 MB ICS feed of
 * 5,000 VEVENTs in the mix real exports have — single events in several TZID
 * styles (IANA, Windows, floating, UTC, all-day), recurring series with
 * EXDATEs, moved and cancelled overrides, Outlook busy statuses — and prints
 * the cold first call and the median and p95 of `busyIntervalsFromIcs`
 * (node-ical parse + expansion) for a 14-day window and a 1-year window.
 * Not a test: nothing here fails on time.
 */
import { writeFileSync } from "node:fs";
import { busyIntervalsFromIcs } from "../lib/calendar/ics.js";
import { seededRandom as random } from "../scripts/local/seeded-random.ts";

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf("--runs") + 1] ?? 0) || 9;
const writeTo = args.includes("--write") ? args[args.indexOf("--write") + 1] : undefined;


const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const stamp = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00`;
const dateStamp = (d: Date) => stamp(d).slice(0, 8);

const ZONES = [
  { tzid: "America/New_York", header: "America/New_York" },
  { tzid: "Europe/Berlin", header: "Europe/Berlin" },
  { tzid: "W. Europe Standard Time", header: "W. Europe Standard Time" },
  { tzid: "Pacific Standard Time", header: "Pacific Standard Time" },
  { tzid: "Asia/Kolkata", header: "Asia/Kolkata" },
] as const;

const VTIMEZONES = `BEGIN:VTIMEZONE\r
TZID:America/New_York\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:-0500\r
TZOFFSETTO:-0400\r
DTSTART:19700308T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:-0400\r
TZOFFSETTO:-0500\r
DTSTART:19701101T020000\r
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
`;

function generateFeed(seed = 20310303, events = 5_000): string {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const words = ["planning", "review", "sync", "standup", "1:1", "design", "budget", "hiring", "retro", "demo", "lunch", "call", "workshop"];
  const lines: string[] = ["BEGIN:VCALENDAR", "PRODID:-//bench//ics-parse//EN", "VERSION:2.0", "CALSCALE:GREGORIAN", "X-WR-TIMEZONE:Europe/Berlin"];
  const body: string[] = [VTIMEZONES];
  const origin = Date.UTC(2029, 0, 1);
  const spanDays = 4 * 365;
  let written = 0;

  while (written < events) {
    const uid = `bench-${written}-${Math.floor(rnd() * 1e9).toString(36)}@example.com`;
    const zone = pick(ZONES);
    const day = new Date(origin + int(0, spanDays) * 86_400_000 + int(7, 18) * 3_600_000 + pick([0, 15, 30, 45]) * 60_000);
    const minutes = pick([15, 30, 45, 60, 60, 90, 120]);
    const end = new Date(day.getTime() + minutes * 60_000);
    const summary = `${pick(words)} ${pick(words)} #${written}`;
    const description = `Join: https://meet.example.com/${uid.slice(6, 18)}\\nAgenda: ${Array.from({ length: int(8, 40) }, () => pick(words)).join(" ")}`;
    const common = [`UID:${uid}`, "DTSTAMP:20290101T000000Z", `SUMMARY:${summary}`, `DESCRIPTION:${description}`, "SEQUENCE:0"];
    const kind = rnd();

    if (kind < 0.3) {
      // Recurring series with EXDATEs, plus some overrides.
      const freq = pick(["WEEKLY;BYDAY=MO,WE", "WEEKLY", "DAILY;COUNT=60", "MONTHLY;BYDAY=2TU", "WEEKLY;INTERVAL=2;UNTIL=20330101T000000Z", "YEARLY"]);
      const exdates = Array.from({ length: int(1, 4) }, (_, i) => stamp(new Date(day.getTime() + (i + 1) * 7 * 86_400_000)));
      body.push(
        [
          "BEGIN:VEVENT",
          ...common,
          `DTSTART;TZID=${zone.tzid}:${stamp(day)}`,
          `DTEND;TZID=${zone.tzid}:${stamp(end)}`,
          `RRULE:FREQ=${freq}`,
          `EXDATE;TZID=${zone.tzid}:${exdates.join(",")}`,
          "END:VEVENT",
        ].join("\r\n"),
      );
      written++;
      const overrides = Math.min(int(0, 3), events - written);
      for (let o = 0; o < overrides; o++) {
        const original = new Date(day.getTime() + (5 + o) * 7 * 86_400_000);
        const moved = new Date(original.getTime() + int(-2, 2) * 86_400_000 + int(-3, 3) * 3_600_000);
        body.push(
          [
            "BEGIN:VEVENT",
            `UID:${uid}`,
            "DTSTAMP:20290101T000000Z",
            `RECURRENCE-ID;TZID=${zone.tzid}:${stamp(original)}`,
            `DTSTART;TZID=${zone.tzid}:${stamp(moved)}`,
            `DTEND;TZID=${zone.tzid}:${stamp(new Date(moved.getTime() + minutes * 60_000))}`,
            `SUMMARY:${summary} (moved)`,
            "SEQUENCE:1",
            rnd() < 0.25 ? "STATUS:CANCELLED" : "STATUS:CONFIRMED",
            "END:VEVENT",
          ].join("\r\n"),
        );
        written++;
      }
    } else if (kind < 0.4) {
      const days = int(1, 3);
      body.push(
        [
          "BEGIN:VEVENT",
          ...common,
          `DTSTART;VALUE=DATE:${dateStamp(day)}`,
          `DTEND;VALUE=DATE:${dateStamp(new Date(day.getTime() + days * 86_400_000))}`,
          rnd() < 0.6 ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE",
          "END:VEVENT",
        ].join("\r\n"),
      );
      written++;
    } else {
      const style = rnd();
      const start = style < 0.1 ? `DTSTART:${stamp(day)}Z` : style < 0.2 ? `DTSTART:${stamp(day)}` : `DTSTART;TZID=${zone.tzid}:${stamp(day)}`;
      const finish = style < 0.1 ? `DTEND:${stamp(end)}Z` : style < 0.2 ? `DTEND:${stamp(end)}` : `DTEND;TZID=${zone.tzid}:${stamp(end)}`;
      const extra = zone.tzid.includes("Standard Time") ? [`X-MICROSOFT-CDO-BUSYSTATUS:${pick(["BUSY", "BUSY", "FREE", "TENTATIVE", "OOF"])}`] : [];
      body.push(["BEGIN:VEVENT", ...common, start, finish, ...extra, "END:VEVENT"].join("\r\n"));
      written++;
    }
  }
  return `${lines.join("\r\n")}\r\n${body.join("\r\n")}\r\nEND:VCALENDAR\r\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] as number;
}

const feed = generateFeed();
if (writeTo) writeFileSync(writeTo, feed);
const windows = [
  { name: "14 days", from: Date.UTC(2031, 2, 3), to: Date.UTC(2031, 2, 17) },
  { name: "1 year", from: Date.UTC(2031, 0, 1), to: Date.UTC(2032, 0, 1) },
];

console.log(`feed: ${(Buffer.byteLength(feed) / 1024 / 1024).toFixed(2)} MB, ${(feed.match(/^BEGIN:VEVENT/gm) ?? []).length} VEVENTs, ${(feed.match(/^RRULE:/gm) ?? []).length} with RRULE, ${(feed.match(/^RECURRENCE-ID/gm) ?? []).length} overrides, ${(feed.match(/^EXDATE/gm) ?? []).length} EXDATE lines`);
console.log(`node ${process.version}, ${runs} timed runs per window after the cold one`);
for (const window of windows) {
  const opts = { ownerZone: "Europe/Berlin", from: window.from, to: window.to };
  const coldStart = performance.now();
  const first = busyIntervalsFromIcs(feed, opts);
  const cold = performance.now() - coldStart;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    busyIntervalsFromIcs(feed, opts);
    times.push(performance.now() - t0);
  }
  console.log(
    `${window.name.padEnd(8)} instances ${String(first.intervals.length).padStart(6)}  first call ${cold.toFixed(0).padStart(5)} ms  median ${median(times).toFixed(0).padStart(5)} ms  p95 ${p95(times).toFixed(0).padStart(5)} ms  (truncated: ${first.stats.truncated})`,
  );
}
