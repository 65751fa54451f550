import { z } from "zod";
import { defineRoute } from "../http/contract.js";

export const getOpenApi = defineRoute({
  operationId: "getOpenApi",
  method: "GET",
  path: "/openapi.json",
  summary: "This document",
  tags: ["meta"],
  auth: "public",
  responses: { 200: { description: "The OpenAPI 3.1 document", schema: z.looseObject({ openapi: z.string() }) } },
});
