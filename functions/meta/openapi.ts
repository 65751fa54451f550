import { getOpenApi as contract } from "#lib/api/meta.js";
import { routes } from "#lib/api/routes.js";
import { httpHandler } from "#lib/http/handler.js";
import { openApiDocument } from "#lib/http/openapi.js";

let document: unknown;

export const handler = httpHandler(contract, async () => {
  document ??= openApiDocument(routes, {
    title: "Presence and scheduling API",
    version: "1.0.0",
    description: "Presence that expires by itself, booking without double booking, and N-way overlap.",
  });
  return { status: 200, body: document, headers: { "cache-control": "public, max-age=300" } };
});
