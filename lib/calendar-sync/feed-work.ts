/**
 * Bounds on the work one feed may cost a run: its events counted before anything is expanded, and a
 * byte-weighted gate on big feed bodies held (being downloaded or expanded), so a few big feeds cannot
 * take the run's memory.
 */

/** VEVENT components in a feed's text, counted without parsing it (a line `BEGIN:VEVENT`, any case). */
export function countEvents(text: string): number {
  // Without the `m` flag, which is several times slower on megabytes of text.
  const pattern = /(?:^|\n)[ \t]*BEGIN[ \t]*:[ \t]*VEVENT[ \t]*(?=\r?\n|\r|$)/gi;
  let count = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

/**
 * A semaphore weighted by bytes: `run(weight, work)` waits until `weight` more bytes fit under the
 * capacity, then runs `work`. First come, first served (a big weight is not overtaken for ever by small
 * ones); a weight above the capacity runs alone.
 */
export class ByteGate {
  private inFlight = 0;
  private readonly waiting: Array<{ weight: number; start: () => void }> = [];
  /** Most bytes in flight at once (for reports and tests). */
  peak = 0;

  constructor(readonly capacity: number) {}

  async run<T>(weight: number, work: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire(weight);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Waits for `weight` bytes; the returned function gives them back (calling it again does nothing). */
  async acquire(weight: number): Promise<() => void> {
    const bytes = Math.min(Math.max(0, weight), this.capacity);
    await this.admit(bytes);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.inFlight -= bytes;
      this.drain();
    };
  }

  private admit(bytes: number): Promise<void> {
    if (this.waiting.length === 0 && this.inFlight + bytes <= this.capacity) {
      this.take(bytes);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ weight: bytes, start: resolve }));
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.inFlight + this.waiting[0]!.weight <= this.capacity) {
      const next = this.waiting.shift()!;
      this.take(next.weight);
      next.start();
    }
  }

  private take(bytes: number): void {
    this.inFlight += bytes;
    this.peak = Math.max(this.peak, this.inFlight);
  }
}

const EVENT_BLOCK = /(?:^|\n)[ \t]*BEGIN[ \t]*:[ \t]*VEVENT[^\n]*\n[\s\S]*?\n[ \t]*END[ \t]*:[ \t]*VEVENT[^\n]*(?=\n|$)/gi;
const UID_LINE = /(?:^|\n)UID[^:\n]*:([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/i;

/**
 * A feed's text cut into calendars of about `maxChunkBytes` each, to be read one after the other: every
 * piece has the feed's own frame (its properties and VTIMEZONEs) and whole VEVENTs, and all VEVENTs of
 * one UID (a series and its moved instances) stay in the same piece. Reading a feed costs memory in
 * proportion to its text (~40 times), so a 5 MB feed read in 1 MB pieces peaks at a fifth of it, and the
 * thread is given back between pieces. A feed with more than one VCALENDAR is left whole.
 */
export function splitFeed(text: string, maxChunkBytes: number): string[] {
  if (text.length <= maxChunkBytes) return [text];
  if ((text.match(/(?:^|\n)[ \t]*BEGIN[ \t]*:[ \t]*VCALENDAR/gi) ?? []).length !== 1) return [text];

  const groups = new Map<string | number, string[]>();
  const frame: string[] = [];
  let last = 0;
  let anonymous = 0;
  for (const match of text.matchAll(EVENT_BLOCK)) {
    frame.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    const block = match[0].replace(/^\n/, "");
    const uid = UID_LINE.exec(block)?.[1]?.replace(/\r?\n[ \t]/g, "").trim();
    const key = uid || anonymous++;
    const group = groups.get(key);
    if (group) group.push(block);
    else groups.set(key, [block]);
  }
  frame.push(text.slice(last));
  const framed = frame.join("");
  const end = framed.search(/(?:^|\n)[ \t]*END[ \t]*:[ \t]*VCALENDAR/i);
  if (end < 0) return [text];
  const head = `${framed.slice(0, end).replace(/\r?\n?$/, "")}\r\n`;
  const tail = framed.slice(end).replace(/^\n/, "");

  const chunks: string[] = [];
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length > 0) chunks.push(`${head}${pending.join("\r\n")}\r\n${tail}`);
    pending = [];
    size = 0;
  };
  for (const blocks of groups.values()) {
    const bytes = blocks.reduce((n, b) => n + b.length + 2, 0);
    if (size > 0 && size + bytes > maxChunkBytes - head.length - tail.length) flush();
    pending.push(...blocks.map((b) => b.replace(/\r$/, "")));
    size += bytes;
  }
  flush();
  return chunks.length > 0 ? chunks : [text];
}
