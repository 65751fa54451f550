// Calendar invites are written by ical-generator and read back with the project's own reader (lib/calendar):
// the instants, UID, SEQUENCE, METHOD and STATUS survive, a cancelled booking is never busy, and text with
// commas, semicolons, newlines, quotes and unicode comes back as it went in, folded at 75 octets.
import { sync as nodeIcal } from "node-ical";
import { bookingInvite, bookingsFeed, inviteUid, type InviteContext } from "../../../lib/booking/calendar-invite.js";
import { busyIntervalsFromIcs } from "../../../lib/calendar/ics.js";
import { firstProperty, parseIcs, type IcsComponent } from "../../../lib/calendar/ics-parse.js";
import type { BookingRecord } from "../../../lib/data/schedules-repo.js";

const START = Date.UTC(2031, 4, 5, 9, 0);
const END = Date.UTC(2031, 4, 5, 9, 30);
const DOMAIN = "bookings.example.org";

const booking = (fields: Partial<BookingRecord> = {}): BookingRecord => ({
  bookingId: "bk_0123456789abcdef0123",
  ownerId: "ann",
  start: START,
  end: END,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  invitee: { name: "Bob Invitee", email: "bob@example.com" },
  status: "confirmed",
  cancelTokenHash: "00",
  createdAt: "2031-04-01T08:00:00Z",
  updatedAt: "2031-04-01T08:00:00Z",
  via: "v1",
  sequence: 0,
  ...fields,
});

const context: InviteContext = { owner: { id: "ann", name: "Ann Owner" }, domain: DOMAIN };

const window = { ownerZone: "UTC", from: Date.UTC(2031, 0, 1), to: Date.UTC(2032, 0, 1) };

/** The VEVENTs of an iCalendar text, as the project's reader sees them. */
function events(text: string): IcsComponent[] {
  const [calendar, ...more] = parseIcs(text);
  expect(more).toEqual([]);
  return calendar!.components.filter((component) => component.type === "VEVENT");
}

/** Every property of the single VEVENT, parsed by node-ical (the reader's tokenizer), for those the reader does not keep. */
function nodeIcalEvent(text: string): Record<string, any> {
  const parsed = Object.values(nodeIcal.parseICS(text)).filter((entry: any) => entry?.type === "VEVENT");
  expect(parsed).toHaveLength(1);
  return parsed[0] as Record<string, any>;
}

const calendarMethod = (text: string) => /^METHOD:(.*)\r$/m.exec(text)?.[1];

/**
 * A property's parameters and value by RFC 5545's grammar (a quoted parameter value may hold `;`, `,` and `:`),
 * which node-ical gets wrong for quoted values with a semicolon.
 */
function property(text: string, name: string): { params: Record<string, string>; value: string } {
  const line = text.replace(/\r\n[ \t]/g, "").split("\r\n").find((candidate) => candidate.startsWith(`${name};`) || candidate.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${name}`);
  const params: Record<string, string> = {};
  const pattern = /;([A-Z-]+)=("([^"]*)"|[^;:"]*)/y;
  pattern.lastIndex = name.length;
  let match: RegExpExecArray | null;
  let end = name.length;
  while ((match = pattern.exec(line))) {
    params[match[1]!] = match[3] ?? match[2]!;
    end = pattern.lastIndex;
  }
  expect(line[end]).toBe(":");
  return { params, value: line.slice(end + 1) };
}

describe("a booking's invite", () => {
  test("METHOD:REQUEST, the booking's UTC instants, a stable UID and SEQUENCE 0, busy for the reader", () => {
    const text = bookingInvite(booking(), context, "owner");
    expect(calendarMethod(text)).toBe("REQUEST");
    expect(text).toContain("DTSTART:20310505T090000Z\r\n");
    expect(text).toContain("DTEND:20310505T093000Z\r\n");
    expect(text).not.toMatch(/VTIMEZONE|TZID/);
    const [event, ...others] = events(text);
    expect(others).toEqual([]);
    expect(firstProperty(event!, "UID")?.value).toBe(`bk_0123456789abcdef0123@${DOMAIN}`);
    expect(firstProperty(event!, "UID")?.value).toBe(inviteUid("bk_0123456789abcdef0123", DOMAIN));
    expect(firstProperty(event!, "SEQUENCE")?.value).toBe("0");
    expect(firstProperty(event!, "STATUS")?.value).toBe("CONFIRMED");
    const { intervals } = busyIntervalsFromIcs(text, window);
    expect(intervals.map(({ start, end }) => ({ start, end }))).toEqual([{ start: START, end: END }]);
  });

  test("after a reschedule: same UID, the next SEQUENCE, the new instants", () => {
    const moved = booking({ start: START + 86_400_000, end: END + 86_400_000, sequence: 1, rescheduledFrom: { start: START, end: END } });
    const text = bookingInvite(moved, context, "invitee");
    const [event] = events(text);
    expect(firstProperty(event!, "UID")?.value).toBe(inviteUid(moved.bookingId, DOMAIN));
    expect(firstProperty(event!, "SEQUENCE")?.value).toBe("1");
    expect(busyIntervalsFromIcs(text, window).intervals.map(({ start, end }) => [start, end])).toEqual([[moved.start, moved.end]]);
  });

  test("a cancelled booking: METHOD:CANCEL, STATUS:CANCELLED, and no busy time", () => {
    const text = bookingInvite(booking({ status: "cancelled", sequence: 2, cancelledAt: "2031-04-02T08:00:00Z" }), context, "invitee");
    expect(calendarMethod(text)).toBe("CANCEL");
    const [event] = events(text);
    expect(firstProperty(event!, "STATUS")?.value).toBe("CANCELLED");
    expect(firstProperty(event!, "SEQUENCE")?.value).toBe("2");
    const { intervals, stats } = busyIntervalsFromIcs(text, window);
    expect(intervals).toEqual([]);
    expect(stats.cancelled).toBe(1);
  });

  test("a booking made before `sequence` existed reads as SEQUENCE 0", () => {
    const { sequence: _sequence, ...older } = booking();
    const [event] = events(bookingInvite(older as BookingRecord, context, "owner"));
    expect(firstProperty(event!, "SEQUENCE")?.value).toBe("0");
  });

  test("ORGANIZER is the owner by name, ATTENDEE the invitee (mailto, accepted, no RSVP asked)", () => {
    const text = bookingInvite(booking(), context, "invitee");
    const organizer = property(text, "ORGANIZER");
    expect(organizer.params.CN).toBe("Ann Owner");
    expect(organizer.value.toLowerCase()).toBe(`mailto:noreply@${DOMAIN}`);
    const attendee = property(text, "ATTENDEE");
    expect(attendee.params).toMatchObject({ CN: "Bob Invitee", PARTSTAT: "ACCEPTED", RSVP: "FALSE", ROLE: "REQ-PARTICIPANT" });
    expect(attendee.value.toLowerCase()).toBe("mailto:bob@example.com");
  });

  test("a seed booking without an e-mail has no ATTENDEE (an attendee is an address)", () => {
    const text = bookingInvite(booking({ invitee: { name: "Walk-in" }, via: "seed" }), context, "owner");
    expect(text).not.toContain("ATTENDEE");
    expect(events(text)).toHaveLength(1);
  });

  test("SUMMARY from the event type's title, else the default type's; LOCATION from the booking's", () => {
    const typed = bookingInvite(
      booking({ eventType: "intro", location: { kind: "text", text: "Room 4, floor 2; ring twice" } }),
      { ...context, eventType: { title: "Intro call", questions: [] } },
      "invitee",
    );
    expect(nodeIcalEvent(typed).summary).toBe("Intro call with Ann Owner");
    expect(nodeIcalEvent(typed).location).toBe("Room 4, floor 2; ring twice");
    const plain = bookingInvite(booking(), context, "owner");
    expect(nodeIcalEvent(plain).summary).toBe("30 minute meeting (Bob Invitee)");
    expect(plain).not.toContain("LOCATION");
    const linked = bookingInvite(booking({ location: { kind: "url", url: "https://meet.example.com/abc" } }), context, "invitee");
    expect(nodeIcalEvent(linked).location).toBe("https://meet.example.com/abc");
  });

  test("DESCRIPTION (note and answers, by question label) only in the owner's copy", () => {
    const answered = booking({ eventType: "intro", note: "See you", answers: { topic: "Budget, 2031; Q3" } });
    const withType = { ...context, eventType: { title: "Intro", questions: [{ id: "topic", label: "Topic", type: "short_text" as const, required: true }] } };
    expect(nodeIcalEvent(bookingInvite(answered, withType, "owner")).description).toBe("Note: See you\nTopic: Budget, 2031; Q3");
    const inviteeCopy = bookingInvite(answered, withType, "invitee");
    expect(inviteeCopy).not.toContain("DESCRIPTION");
    expect(inviteeCopy).not.toContain("Budget");
  });
});

describe("escaping and folding", () => {
  const tricky = 'Zoë "Z" O\'Brien, Jr.; née Łukasz\nsecond line — 日本語 🎉';
  const longAnswer = `${"é".repeat(60)}, ${"x".repeat(100)}; ${"🎉".repeat(30)}`;
  const text = bookingInvite(
    booking({ invitee: { name: tricky, email: "zoe@example.com" }, note: tricky, answers: { long: longAnswer } }),
    { owner: { id: "ann", name: 'Ann, "the owner"; Ünïcødé' }, domain: DOMAIN },
    "owner",
  );

  test("every line is at most 75 octets and ends in CRLF; a fold never splits a UTF-8 character", () => {
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(text.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    // Each physical line is valid UTF-8 on its own.
    for (const line of lines) expect(Buffer.from(line, "utf8").toString("utf8")).toBe(line);
  });

  test("names, notes and answers come back exactly, commas, semicolons, quotes, newlines and unicode included", () => {
    const event = nodeIcalEvent(text);
    expect(event.summary).toBe(`30 minute meeting (${tricky})`);
    expect(event.description).toBe(`Note: ${tricky}\nlong: ${longAnswer}`);
    // A quoted parameter cannot hold a double quote or a line break: apostrophes and a space stand in.
    expect(property(text, "ATTENDEE").params.CN).toBe("Zoë 'Z' O'Brien, Jr.; née Łukasz second line — 日本語 🎉");
    expect(property(text, "ORGANIZER").params.CN).toBe("Ann, 'the owner'; Ünïcødé");
    // The project's reader sees the same SUMMARY and the same instants.
    const [read] = events(text);
    expect(firstProperty(read!, "SUMMARY")?.value).toBe(`30 minute meeting (${tricky})`);
    expect(busyIntervalsFromIcs(text, window).intervals.map(({ start, end }) => [start, end])).toEqual([[START, END]]);
  });
});

describe("the owner's feed", () => {
  test("no METHOD; confirmed bookings busy, cancelled ones STATUS:CANCELLED and free; each with its UID and SEQUENCE", () => {
    const confirmed = booking({ eventType: "intro", answers: { topic: "x" } });
    const cancelled = booking({ bookingId: "bk_ffffffffffffffffffff", start: END, end: END + 1_800_000, status: "cancelled", sequence: 1 });
    const text = bookingsFeed([confirmed, cancelled], {
      owner: context.owner,
      domain: DOMAIN,
      eventTypes: new Map([["intro", { title: "Intro", questions: [] }]]),
    });
    expect(calendarMethod(text)).toBeUndefined();
    const read = events(text);
    expect(read.map((event) => [firstProperty(event, "UID")?.value, firstProperty(event, "SEQUENCE")?.value, firstProperty(event, "STATUS")?.value])).toEqual([
      [`bk_0123456789abcdef0123@${DOMAIN}`, "0", "CONFIRMED"],
      [`bk_ffffffffffffffffffff@${DOMAIN}`, "1", "CANCELLED"],
    ]);
    expect(busyIntervalsFromIcs(text, window).intervals.map(({ start, end }) => [start, end])).toEqual([[START, END]]);
    expect(text).toContain("DESCRIPTION:topic: x");
  });

  test("an empty feed is still a calendar the reader accepts", () => {
    const text = bookingsFeed([], { owner: context.owner, domain: DOMAIN, eventTypes: new Map() });
    expect(parseIcs(text)).toHaveLength(1);
    expect(busyIntervalsFromIcs(text, window).intervals).toEqual([]);
  });
});
