/** An instant as ISO 8601 UTC to the second, the wire format of the API: `2030-09-27T09:00:00Z`. */
export function isoUtc(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

