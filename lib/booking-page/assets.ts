import { createHash } from "node:crypto";
import script from "./client/booking-page.js";
import { style } from "./style.js";

/** A file the booking pages load, named by its content so that it can be cached for a year. */
export interface PageAsset {
  file: string;
  contentType: string;
  content: string;
}

function hashed(name: string, extension: string, contentType: string, content: string): PageAsset {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 12);
  return { file: `${name}.${hash}.${extension}`, contentType, content };
}

export const pageScript = hashed("booking-page", "js", "text/javascript; charset=utf-8", script);
export const pageStyle = hashed("booking-page", "css", "text/css; charset=utf-8", style);

/** Where the pages load their assets from: a prefix no `/book/{userId}/…` page can take. */
export const ASSETS_PREFIX = "/book-assets";

export const findAsset = (file: string): PageAsset | undefined => [pageScript, pageStyle].find((asset) => asset.file === file);
