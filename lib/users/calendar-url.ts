import { z } from "zod";

/**
 * A calendar feed address: http, https or webcal (which calendar apps use for https feeds), at most 2,048
 * characters, with a host. Where it may point (no private or loopback hosts on deployed stages) is decided
 * when the feed is fetched, on the resolved address.
 */
export const calendarUrlSchema = z
  .string()
  .trim()
  .max(2048, "must be at most 2048 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return ["http:", "https:", "webcal:"].includes(url.protocol) && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must be an http(s) or webcal URL of an iCalendar feed")
  .meta({ description: "iCalendar (ICS) feed URL", example: "https://calendar.example.com/ann.ics" });
