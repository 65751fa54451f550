/**
 * Bounds on the work one feed may cost a run: its events counted before anything is expanded, and a
 * byte-weighted gate on feed text being expanded, so a few big feeds cannot take the run's memory.
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
    const bytes = Math.min(Math.max(0, weight), this.capacity);
    await this.acquire(bytes);
    try {
      return await work();
    } finally {
      this.inFlight -= bytes;
      this.drain();
    }
  }

  private acquire(bytes: number): Promise<void> {
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
