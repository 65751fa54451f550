/** A VEVENT component read into typed values; nothing is placed in time yet. */
import { busynessOf, type Busyness } from "./busy-status.js";
import { firstProperty, type IcsComponent } from "./ics-parse.js";
import { parseDuration, parseIcsTime, parseRecurrenceDates, type IcsTime, type RecurrenceDate, type Span } from "./ics-values.js";
import { parseRecurrenceRule, type RecurrenceRule } from "./rrule.js";

export interface EventRecord {
  uid?: string;
  summary?: string;
  sequence: number;
  start: IcsTime;
  end?: IcsTime;
  duration?: Span;
  recurrenceId?: IcsTime;
  /** RECURRENCE-ID;RANGE=THISANDFUTURE: the change applies to this and every later instance. */
  thisAndFuture: boolean;
  rule?: RecurrenceRule;
  /** An RRULE was present but unusable; the event is kept as a single occurrence. */
  ruleIgnored: boolean;
  rdates: RecurrenceDate[];
  exdates: IcsTime[];
  busyness: Busyness;
}

/** Undefined when the event has no usable DTSTART. */
export function readEvent(component: IcsComponent): EventRecord | undefined {
  const dtstart = firstProperty(component, "DTSTART");
  const start = dtstart && parseIcsTime(dtstart.value, dtstart.params);
  if (!start) return undefined;

  const dtend = firstProperty(component, "DTEND");
  const durationProp = firstProperty(component, "DURATION");
  const ridProp = firstProperty(component, "RECURRENCE-ID");
  const rruleProp = firstProperty(component, "RRULE");
  const sequence = Number(firstProperty(component, "SEQUENCE")?.value ?? 0);

  let rule = rruleProp ? parseRecurrenceRule(rruleProp.value) : undefined;
  if (rule?.until !== undefined && !parseIcsTime(rule.until, {})) rule = undefined;

  const text = (name: string) => firstProperty(component, name)?.value;
  return {
    uid: text("UID")?.trim() || undefined,
    summary: text("SUMMARY"),
    sequence: Number.isFinite(sequence) ? sequence : 0,
    start,
    end: dtend ? parseIcsTime(dtend.value, dtend.params) : undefined,
    duration: durationProp ? parseDuration(durationProp.value) : undefined,
    recurrenceId: ridProp ? parseIcsTime(ridProp.value, ridProp.params) : undefined,
    thisAndFuture: ridProp?.params.RANGE?.trim().toUpperCase() === "THISANDFUTURE",
    rule,
    ruleIgnored: rruleProp !== undefined && rule === undefined,
    rdates: (component.properties.get("RDATE") ?? []).flatMap((p) => parseRecurrenceDates(p.value, p.params)),
    exdates: (component.properties.get("EXDATE") ?? []).flatMap((p) =>
      p.value.split(",").flatMap((v) => {
        const t = parseIcsTime(v, p.params);
        return t ? [t] : [];
      }),
    ),
    busyness: busynessOf({ status: text("STATUS"), transp: text("TRANSP"), busyStatus: text("X-MICROSOFT-CDO-BUSYSTATUS") }),
  };
}
