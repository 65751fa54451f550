// How the booking pages answer: HTML (or an asset) under a Content-Security-Policy without 'unsafe-inline'.
import type { StackOptions } from "../http/handler.js";
import { notFoundPage } from "./html.js";

/**
 * The pages' security headers: scripts, styles and requests from this origin only, no inline script or style,
 * DOM sinks guarded by Trusted Types (the script builds nodes, never HTML strings); the rest as everywhere.
 */
export const PAGE_STACK: StackOptions = {
  compressText: true,
  securityHeaders: {
    contentSecurityPolicy: {
      "default-src": "'none'",
      "script-src": "'self'",
      "style-src": "'self'",
      "connect-src": "'self'",
      // data: for the empty icon only (`<link rel="icon" href="data:,">`), so that no browser asks for /favicon.ico.
      "img-src": "'self' data:",
      "form-action": "'self'",
      "base-uri": "'none'",
      "frame-ancestors": "'none'",
      "require-trusted-types-for": "'script'",
      "report-to": false,
      sandbox: false,
      "upgrade-insecure-requests": false,
    },
  },
};

export const HTML = "text/html; charset=utf-8";

/** A page: revalidated on each visit (`no-cache`), or never stored when its URL holds a cancel token. */
export const htmlAnswer = (status: number, content: string, cache: "no-cache" | "no-store" = "no-cache") => ({
  status,
  text: { contentType: HTML, content },
  headers: { "cache-control": cache },
});

export const notFoundAnswer = (message: string, cache: "no-cache" | "no-store" = "no-cache") => htmlAnswer(404, notFoundPage(message), cache);
