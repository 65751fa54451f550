import { IANAZone } from "luxon";
import { z } from "zod";

/** The canonical spelling of an IANA zone (`europe/paris` → `Europe/Paris`), or undefined if it is not one. */
export function canonicalZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name) || !IANAZone.isValidZone(name)) return undefined;
  return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
}

export const timeZoneSchema = z
  .string()
  .transform((name, ctx) => {
    const zone = canonicalZone(name.trim());
    if (!zone) {
      ctx.addIssue({ code: "custom", message: `'${name}' is not an IANA time zone (such as Europe/Paris)` });
      return z.NEVER;
    }
    return zone;
  })
  .meta({ description: "IANA time zone", example: "Europe/Paris" });
