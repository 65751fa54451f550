import { bookingPageAsset as contract } from "#lib/api/booking-page.js";
import { PAGE_STACK } from "#lib/booking-page/answers.js";
import { findAsset } from "#lib/booking-page/assets.js";
import { httpHandler } from "#lib/http/handler.js";

export const handler = httpHandler(
  contract,
  async ({ params }) => {
    const asset = findAsset(params.file);
    if (!asset) return { status: 404, text: { contentType: "text/plain; charset=utf-8", content: "No such file" } };
    // Named by its content's hash: a new version is a new name, so this one never changes.
    return { status: 200, text: { contentType: asset.contentType, content: asset.content }, headers: { "cache-control": "public, max-age=31536000, immutable" } };
  },
  PAGE_STACK,
);
