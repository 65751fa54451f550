// The booking pages' HTML, rendered on the server: the owner's name and the event are in the first answer;
// the script (client/booking-page.js) adds the calendar, the times and the form. Every value is escaped.
import type { BookingRecord } from "../data/schedules-repo.js";
import type { EventTypeEntry } from "../event-types/event-types-service.js";
import { publicEventTypeView } from "../event-types/views.js";
import { isoUtc } from "../time/iso.js";
import { ASSETS_PREFIX, pageScript, pageStyle } from "./assets.js";

/** Markup already escaped (or written here). */
class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);

type Part = Markup | string | number | undefined | false | readonly Part[];
const render = (part: Part): string =>
  part === undefined || part === false ? "" : part instanceof Markup ? part.text : Array.isArray(part) ? part.map(render).join("") : escapeHtml(String(part));

/** A template whose values are escaped unless they are markup themselves. */
function html(strings: TemplateStringsArray, ...values: Part[]): Markup {
  return new Markup(strings.reduce((out, text, index) => out + text + (index < values.length ? render(values[index] as Part) : ""), ""));
}

/** JSON inside a `<script type="application/json">`: nothing in it can close the element. */
const jsonForScript = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** The page's data for its script: public fields only. */
type PageData = Record<string, unknown> & { mode: "book" | "cancel" | "reschedule" };

function layout(title: string, body: Markup, data?: PageData): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${title}</title>
<link rel="stylesheet" href="${ASSETS_PREFIX}/${pageStyle.file}">
${data ? html`<script type="module" src="${ASSETS_PREFIX}/${pageScript.file}"></script>` : ""}
</head>
<body>
<main class="page">
${body}
</main>
${data ? new Markup(`<script type="application/json" id="page-data">${jsonForScript(data)}</script>`) : ""}
</body>
</html>
`.text;
}

export interface Owner {
  id: string;
  name: string;
  timezone: string;
}

const lengths = (minutes: readonly number[]) => `${minutes.join(" or ")} min`;

function where(entry: EventTypeEntry): string | undefined {
  const location = entry.eventType.location;
  if (!location) return undefined;
  return location.kind === "text" ? location.text : "A video link, given once you book";
}

function eventHeader(owner: Owner, entry: EventTypeEntry): Markup {
  const { title, description, durationMinutes } = entry.eventType;
  const place = where(entry);
  return html`<header class="event card">
<p class="owner">${owner.name}</p>
<h1>${title}</h1>
<p class="meta">${lengths(durationMinutes)}${place ? html` · ${place}` : ""}</p>
${description ? html`<p class="description">${description}</p>` : ""}
</header>`;
}

const noScript = html`<noscript><p class="card">This page needs JavaScript to show the free times.</p></noscript>`;

/** `/book/{userId}/{slug}`: the event, then (by the script) the calendar, the times and the form. */
export function bookingPage(owner: Owner, entry: EventTypeEntry): string {
  const data: PageData = {
    mode: "book",
    owner: { id: owner.id, name: owner.name, timezone: owner.timezone },
    eventType: publicEventTypeView(entry),
  };
  const body = html`${eventHeader(owner, entry)}
<section class="app" id="app" aria-label="Pick a time">${noScript}</section>`;
  return layout(`${entry.eventType.title} · ${owner.name}`, body, data);
}

/** `/book/{userId}`: the owner's public event types, each a link to its page. */
export function eventTypesPage(owner: Owner, entries: readonly EventTypeEntry[]): string {
  const items = entries.map(
    (entry) =>
      html`<li><a href="/book/${encodeURIComponent(owner.id)}/${encodeURIComponent(entry.eventType.slug)}"><strong>${entry.eventType.title}</strong><span>${lengths(entry.eventType.durationMinutes)}${entry.eventType.description ? html` · ${entry.eventType.description}` : ""}</span></a></li>`,
  );
  const body = html`<header class="event card"><p class="owner">Book a time with</p><h1>${owner.name}</h1></header>
${items.length ? html`<ul class="event-list">${items}</ul>` : html`<p class="card">${owner.name} has nothing to book right now.</p>`}`;
  return layout(`Book a time with ${owner.name}`, body);
}

/** What a cancel or reschedule page knows of the booking: public fields only. */
function bookingData(booking: BookingRecord, entry: EventTypeEntry | undefined) {
  return {
    id: booking.bookingId,
    start: isoUtc(booking.start),
    end: isoUtc(booking.end),
    status: booking.status,
    eventType: entry?.eventType.slug ?? booking.eventType ?? "default",
    durationMinutes: (booking.end - booking.start) / 60_000,
  };
}

function bookingSummary(owner: Owner, booking: BookingRecord, title: string): Markup {
  const when = `${isoUtc(booking.start)}`;
  return html`<header class="event card">
<p class="owner">${owner.name}</p>
<h1>${title}</h1>
<p class="meta">Booked for <time id="booked-time" datetime="${when}">${when.replace("T", " ").replace(":00Z", " UTC")}</time></p>
</header>`;
}

/** `/book/{userId}/bookings/{bookingId}/cancel`: the booking, and (by the script) a button that cancels it. */
export function cancelPage(owner: Owner, booking: BookingRecord, entry: EventTypeEntry | undefined): string {
  const title = entry?.eventType.title ?? "Meeting";
  const data: PageData = { mode: "cancel", owner: { id: owner.id, name: owner.name, timezone: owner.timezone }, title, booking: bookingData(booking, entry) };
  const body = html`${bookingSummary(owner, booking, `Cancel: ${title}`)}
<section class="app" id="app" aria-label="Cancel the booking">${noScript}</section>`;
  return layout(`Cancel: ${title} · ${owner.name}`, body, data);
}

/** `/book/{userId}/bookings/{bookingId}/reschedule`: the booking, then (by the script) the calendar of its event type. */
export function reschedulePage(owner: Owner, booking: BookingRecord, entry: EventTypeEntry | undefined): string {
  const title = entry?.eventType.title ?? "Meeting";
  const data: PageData = {
    mode: "reschedule",
    owner: { id: owner.id, name: owner.name, timezone: owner.timezone },
    title,
    booking: bookingData(booking, entry),
    ...(entry ? {} : { unavailable: "This booking's event type was deleted: it can be cancelled, not moved." }),
  };
  const body = html`${bookingSummary(owner, booking, `Reschedule: ${title}`)}
<section class="app" id="app" aria-label="Pick a new time">${noScript}</section>`;
  return layout(`Reschedule: ${title} · ${owner.name}`, body, data);
}

/** The 404 of every page route: an unknown owner, event type or booking link. */
export function notFoundPage(message: string): string {
  return layout("Not found", html`<section class="card"><h1>Not found</h1><p>${message}</p></section>`);
}
