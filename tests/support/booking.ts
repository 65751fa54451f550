import { handler as putAvailability } from "../../functions/availability/put-availability.js";
import { handler as createBooking } from "../../functions/booking/create-booking.js";
import { invoke, type TestResponse } from "./lambda.js";
import { bearer } from "./users.js";

export async function publishAvailability(owner: { id: string; apiKey: string }, body: Record<string, unknown>): Promise<TestResponse> {
  const response = await invoke(putAvailability, {
    method: "PUT",
    path: `/v1/users/${owner.id}/availability`,
    pathParameters: { userId: owner.id },
    headers: bearer(owner.apiKey),
    body,
  });
  if (response.status !== 200) throw new Error(`could not publish availability: ${response.raw}`);
  return response;
}

/** The booking functions' timeout in serverless.yml. */
const BOOKING_TIMEOUT_SECONDS = 28;

export function bookV1(
  ownerId: string,
  start: string,
  options: { name?: string; email?: string; idempotencyKey?: string; body?: Record<string, unknown> } = {},
): Promise<TestResponse> {
  return invoke(createBooking, {
    method: "POST",
    path: `/v1/users/${ownerId}/bookings`,
    pathParameters: { userId: ownerId },
    headers: options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {},
    body: options.body ?? { start, invitee: { name: options.name ?? "Invitee", email: options.email ?? "invitee@example.com" } },
  }, BOOKING_TIMEOUT_SECONDS);
}
