// Every route of the HTTP API, in the order the OpenAPI document lists them.
import type { RouteContract } from "../http/contract.js";
import * as booking from "./booking.js";
import * as bookingPage from "./booking-page.js";
import * as bookingsFeed from "./bookings-feed.js";
import * as calendar from "./calendar.js";
import * as eventTypes from "./event-types.js";
import * as meta from "./meta.js";
import * as presence from "./presence.js";
import * as seedBooking from "./seed-booking.js";
import * as seedIntervals from "./seed-intervals.js";
import * as seedPresence from "./seed-presence.js";
import * as users from "./users.js";
import * as webhooks from "./webhooks.js";

export const routes: RouteContract[] = [
  users.createUser,
  users.getUser,
  users.updateUser,
  users.rotateApiKey,
  calendar.getCalendar,
  presence.putStatus,
  presence.getStatus,
  presence.clearStatus,
  seedPresence.seedSetStatus,
  seedPresence.seedGetStatus,
  booking.putAvailability,
  booking.getAvailability,
  eventTypes.createEventType,
  eventTypes.listEventTypes,
  eventTypes.getEventType,
  eventTypes.updateEventType,
  eventTypes.deleteEventType,
  booking.searchSlots,
  booking.explainSlot,
  booking.createBooking,
  booking.listBookings,
  booking.getBooking,
  booking.cancelBooking,
  booking.rescheduleBooking,
  bookingsFeed.createBookingsFeedToken,
  bookingsFeed.revokeBookingsFeedToken,
  bookingsFeed.getBookingsFeed,
  booking.findOverlap,
  webhooks.createWebhook,
  webhooks.listWebhooks,
  webhooks.getWebhook,
  webhooks.updateWebhook,
  webhooks.deleteWebhook,
  webhooks.listWebhookDeliveries,
  seedBooking.seedSetAvailability,
  seedBooking.seedSearchSlots,
  seedBooking.seedSearchSlotsPost,
  seedBooking.seedBookSlot,
  seedBooking.seedListUpcoming,
  seedBooking.seedListUpcomingByQuery,
  seedIntervals.seedAddIntervals,
  seedIntervals.seedGetIntervals,
  seedIntervals.seedOverlap,
  seedIntervals.seedOverlapPost,
  seedIntervals.seedOverlapByPath,
  bookingPage.eventTypesPage,
  bookingPage.bookingPage,
  bookingPage.cancelPage,
  bookingPage.reschedulePage,
  bookingPage.bookingPageAsset,
  meta.getOpenApi,
] as RouteContract[];
