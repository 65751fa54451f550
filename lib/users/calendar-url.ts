import { z } from "zod";
import { withoutCredentials } from "../calendar/fetch-feed.js";

const FEED_SCHEMES = ["http:", "https:", "webcal:", "webcals:"];

const parsed = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/**
 * A calendar feed address: http, https, webcal or webcals (which calendar apps use for https feeds), at
 * most 2,048 characters, with a host and without credentials (`user:pass@`: they would be stored and shown
 * like any other part of the URL; private feeds put their secret in the path instead). Where it may point
 * (no private or loopback hosts on deployed stages) is decided when the feed is fetched, on the resolved
 * address.
 */
export const calendarUrlSchema = z
  .string()
  .trim()
  .max(2048, "must be at most 2048 characters")
  .refine((value) => {
    const url = parsed(value);
    return url !== undefined && FEED_SCHEMES.includes(url.protocol) && url.hostname !== "";
  }, "must be an http(s) or webcal(s) URL of an iCalendar feed")
  .refine((value) => {
    const url = parsed(value);
    return url === undefined || (url.username === "" && url.password === "");
  }, "must not contain credentials (user:password@): use the feed's secret address instead")
  .meta({ description: "iCalendar (ICS) feed URL (http, https, webcal or webcals; no credentials)", example: "https://calendar.example.com/ann.ics" });

/** A stored feed URL as shown to anyone: credentials stored before they were refused are masked. */
export function shownCalendarUrl(url: string | null): string | null {
  return url === null ? null : withoutCredentials(url);
}

/**
 * A stored feed error as shown to its owner: a refusal recorded before addresses were hidden said what the
 * name resolved to, and any URL in a message loses its credentials.
 */
export function shownFeedErrorMessage(code: string, message: string): string {
  if (code === "blocked_address" && /resolves to|\(([0-9.]+|[0-9a-f:.]+)\)/i.test(message)) return "The feed's host is at a refused address: feeds must be on the public internet";
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^/\s@]*@/gi, (match) => `${match.slice(0, match.indexOf("//") + 2)}***@`);
}
