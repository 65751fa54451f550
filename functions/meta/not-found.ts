import { methodsForPath } from "#lib/api/route-match.js";
import { routes } from "#lib/api/routes.js";
import { HttpError, notFound } from "#lib/http/errors.js";
import { httpStack } from "#lib/http/handler.js";

/** The catch-all route: every unmatched method and path gets the JSON error shape, never the gateway's bare 404. */
export const handler = httpStack(undefined, async (event) => {
  const path = event.rawPath;
  const allowed = methodsForPath(routes, path);
  if (allowed.length > 0) {
    const method = event.requestContext.http.method;
    throw new HttpError(405, "method_not_allowed", `${method} is not allowed on ${path}`, { allowed }, {
      allow: allowed.join(", "),
    });
  }
  throw notFound(`No route for ${event.requestContext.http.method} ${path}`, "route_not_found");
});
