import type { Caller } from "../users/caller.js";
import { forbidden } from "../errors.js";
import type { BookingChange } from "./booking-service.js";

/** The owner's key (or the admin's) acts as the owner; without a key, the cancel token speaks for the invitee. */
export function bookingActor(caller: Caller | undefined, ownerId: string, cancelToken: string | undefined): BookingChange["actor"] {
  if (!caller) return { kind: "invitee", cancelToken };
  if (caller.kind === "admin" || caller.userId === ownerId) return { kind: "owner" };
  if (cancelToken) return { kind: "invitee", cancelToken };
  throw forbidden(`This key may not change bookings of '${ownerId}'`);
}
