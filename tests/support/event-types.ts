import { handler as createEventTypeHandler } from "../../functions/event-types/create-event-type.js";
import { invoke, type TestResponse } from "./lambda.js";
import { bearer } from "./users.js";

/** Creates an event type with the owner's key; throws unless it is created. */
export async function createEventType(owner: { id: string; apiKey: string }, body: Record<string, unknown>): Promise<TestResponse> {
  const response = await invoke(createEventTypeHandler, {
    method: "POST",
    path: `/v1/users/${owner.id}/event-types`,
    pathParameters: { userId: owner.id },
    headers: bearer(owner.apiKey),
    body,
  });
  if (response.status !== 201) throw new Error(`could not create event type: ${response.raw}`);
  return response;
}
