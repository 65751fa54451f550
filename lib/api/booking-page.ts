// The booking pages: HTML for invitees (and the script and style sheet they load), under `/book` so that
// no user id can shadow an API route, and `/book-assets` so that no page path can shadow an asset.
import { z } from "zod";
import { defineRoute } from "../http/contract.js";

const html = ["text/html"] as const;
const page = (description: string) => ({ description, mediaTypes: html });
const segment = z.string().max(200);

export const eventTypesPage = defineRoute({
  operationId: "eventTypesPage",
  method: "GET",
  path: "/book/{userId}",
  summary: "The owner's booking page: their event types (not the hidden ones), each a link to its page (HTML)",
  tags: ["booking page"],
  auth: "public",
  params: z.object({ userId: segment }),
  responses: { 200: page("The page"), 404: page("No such user (an HTML page)") },
});

export const bookingPage = defineRoute({
  operationId: "bookingPage",
  method: "GET",
  path: "/book/{userId}/{slug}",
  summary: "Book an event type (HTML): a month of days with free slots, the times in the invitee's zone, a form, a confirmation",
  description: "A hidden event type is bookable by its link. The page's script uses the public JSON API (slots, bookings).",
  tags: ["booking page"],
  auth: "public",
  params: z.object({ userId: segment, slug: segment }),
  responses: { 200: page("The page"), 404: page("No such user or event type (an HTML page)") },
});

const tokenPage = (action: "cancel" | "reschedule") =>
  defineRoute({
    operationId: action === "cancel" ? "cancelPage" : "reschedulePage",
    method: "GET",
    path: `/book/{userId}/bookings/{bookingId}/${action}`,
    summary:
      action === "cancel"
        ? "The invitee's cancel page (HTML), linked from the booking's confirmation"
        : "The invitee's reschedule page (HTML): the booking's event type and length, a new time",
    description: "Not cached (`no-store`) and sent with `Referrer-Policy: no-referrer`: its URL holds the cancel token.",
    tags: ["booking page"],
    auth: "public",
    params: z.object({ userId: segment, bookingId: segment }),
    query: z.object({ cancelToken: z.string().max(200).optional().meta({ description: "The token the booking's creation answered" }) }),
    responses: { 200: page("The page"), 404: page("No such booking, or not this token (an HTML page)") },
  });

export const cancelPage = tokenPage("cancel");
export const reschedulePage = tokenPage("reschedule");

export const bookingPageAsset = defineRoute({
  operationId: "bookingPageAsset",
  method: "GET",
  path: "/book-assets/{file}",
  summary: "The booking pages' script and style sheet, named by their content's hash (cached for a year)",
  tags: ["booking page"],
  auth: "public",
  params: z.object({ file: segment }),
  responses: {
    200: { description: "The file", mediaTypes: ["text/javascript", "text/css"] },
    404: { description: "No such file", mediaTypes: ["text/plain"] },
  },
});
