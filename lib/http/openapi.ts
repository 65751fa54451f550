import { z } from "zod";
import type { AuthMode, RouteContract } from "./contract.js";

type JsonSchema = Record<string, unknown>;

/** A `text/calendar` body: an iCalendar object (RFC 5545), UTF-8. */
const CALENDAR_SCHEMA: JsonSchema = {
  type: "string",
  description: "An iCalendar object (RFC 5545): VCALENDAR with VEVENTs in UTC times, no VTIMEZONE",
  example: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…\r\nEND:VCALENDAR\r\n",
};

const SECURITY: Record<AuthMode, Array<Record<string, string[]>> | undefined> = {
  public: [],
  optional: [{}, { apiKey: [] }],
  user: [{ apiKey: [] }],
  self: [{ apiKey: [] }, { adminKey: [] }],
  admin: [{ adminKey: [] }],
};

/**
 * Converts one zod schema to JSON Schema 2020-12 (OpenAPI 3.1's dialect). Named schemas (`.meta({ id })`)
 * are hoisted into `components.schemas` and referenced from there.
 */
function toSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const converted = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = converted;
  const rewrite = (value: JsonSchema): JsonSchema =>
    JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    components[name] = rewrite(definition);
  }
  return rewrite(rest);
}

function parameters(contract: RouteContract, components: Record<string, JsonSchema>): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [
    ["path", contract.params],
    ["query", contract.query],
    ["header", contract.headers],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, "input", components);
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      list.push({ name, in: where, required: where === "path" || required.has(name), schema: property });
    }
  }
  if (contract.tokenHeader && contract.auth !== "public") {
    list.push({
      name: "token",
      in: "header",
      required: false,
      description: "The API key, as the seed app accepted it (Authorization: Bearer also works)",
      schema: { type: "string" },
    });
  }
  return list;
}

interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

/** The OpenAPI 3.1 document of the given routes, built from the same zod schemas that validate requests. */
export function openApiDocument(routes: RouteContract[], info: OpenApiInfo): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      security: SECURITY[route.auth],
      parameters: parameters(route, components),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, spec]) => [
          status,
          {
            description: spec.description,
            ...(spec.schema || spec.calendar
              ? {
                  content: {
                    ...(spec.schema ? { "application/json": { schema: toSchema(spec.schema, "output", components) } } : {}),
                    ...(spec.calendar ? { "text/calendar": { schema: CALENDAR_SCHEMA } } : {}),
                  },
                }
              : {}),
            ...(spec.mediaTypes
              ? { content: Object.fromEntries(spec.mediaTypes.map((type) => [type, { schema: { type: "string" } }])) }
              : {}),
          },
        ]),
      ),
    };
    if (route.body) {
      operation.requestBody = {
        required: !route.bodyOptional,
        content: { "application/json": { schema: toSchema(route.body, "input", components) } },
      };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info,
    // Served by the API itself, so its own origin: a relative URL, whatever the stage or domain.
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A user's API key, as returned when the user was created" },
        adminKey: { type: "http", scheme: "bearer", description: "The service's admin key (ADMIN_API_KEY)" },
      },
    },
  };
}
