import { ByteGate, countEvents } from "../../lib/calendar-sync/feed-work.js";

describe("countEvents", () => {
  test("counts BEGIN:VEVENT lines in any case and line ending, and nothing else", () => {
    const text = [
      "BEGIN:VCALENDAR",
      "BEGIN:VEVENT",
      "DESCRIPTION:not BEGIN:VEVENT here",
      "END:VEVENT",
      "begin:vevent",
      "END:VEVENT",
      "BEGIN:VEVENT  ",
      "END:VEVENT",
      "BEGIN:VTODO",
      "END:VTODO",
      "END:VCALENDAR",
    ];
    expect(countEvents(text.join("\r\n"))).toBe(3);
    expect(countEvents(text.join("\n"))).toBe(3);
    expect(countEvents("")).toBe(0);
  });

  test("counts 70,000 events in a 5 MB feed quickly", () => {
    const text = `BEGIN:VCALENDAR\r\n${"BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20310101T000000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\n".repeat(70_000)}END:VCALENDAR\r\n`;
    const started = performance.now();
    expect(countEvents(text)).toBe(70_000);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("ByteGate", () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  test("keeps the bytes in flight under the capacity, first come first served", async () => {
    const gate = new ByteGate(10);
    const order: string[] = [];
    const releases: Record<string, () => void> = {};
    const job = (name: string, weight: number) =>
      gate.run(weight, () => {
        order.push(name);
        return new Promise<void>((resolve) => (releases[name] = resolve));
      });
    const a = job("a", 6);
    const b = job("b", 6); // waits for a
    const c = job("c", 1); // would fit, but does not overtake b
    await tick();
    expect(order).toEqual(["a"]);
    releases.a!();
    await a;
    await tick();
    expect(order).toEqual(["a", "b", "c"]);
    releases.b!();
    releases.c!();
    await Promise.all([b, c]);
    expect(gate.peak).toBeLessThanOrEqual(10);
  });

  test("a weight over the capacity runs alone, and an error releases its bytes", async () => {
    const gate = new ByteGate(10);
    await expect(gate.run(50, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    let ran = false;
    await gate.run(10, () => void (ran = true));
    expect(ran).toBe(true);
    expect(gate.peak).toBe(10);
  });
});
