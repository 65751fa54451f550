import fc from "fast-check";
import { classifyAddress, isAddressAllowed } from "../../../lib/calendar/address-policy.js";
import { propertyRuns } from "../../support/property-runs.js";

const refuse = { allowLoopback: false };
const local = { allowLoopback: true };

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["172.32.0.1", "public"],
    ["100.128.0.1", "public"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "reserved"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "documentation"],
    ["198.51.100.1", "documentation"],
    ["203.0.113.7", "documentation"],
    ["198.18.0.1", "reserved"],
    ["2607:f8b0:4005:80a::200e", "public"],
    ["2a00:1450:4001:82b::200e", "public"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["0:0:0:0:0:0:0:0", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456:789a::1", "private"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["fec0::1", "private"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["2001::1", "reserved"],
    ["100::1", "reserved"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["0:0:0:0:0:ffff:192.168.0.1", "private"],
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "loopback"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:a9fe:a9fe::1", "link-local"],
    ["2002:808:808::1", "public"],
    ["localhost", "invalid"],
    ["999.1.1.1", "invalid"],
    ["", "invalid"],
  ])("%s is %s", (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });
});

describe("isAddressAllowed", () => {
  it("allows public addresses only, unless loopback is explicitly allowed", () => {
    expect(isAddressAllowed("8.8.8.8", refuse)).toBe(true);
    expect(isAddressAllowed("127.0.0.1", refuse)).toBe(false);
    expect(isAddressAllowed("::1", refuse)).toBe(false);
    expect(isAddressAllowed("127.0.0.1", local)).toBe(true);
    expect(isAddressAllowed("::1", local)).toBe(true);
    expect(isAddressAllowed("::ffff:127.0.0.1", local)).toBe(true);
  });

  it("keeps every other private range closed when loopback is allowed", () => {
    for (const address of ["10.0.0.1", "192.168.0.1", "172.16.0.1", "100.64.0.1", "169.254.169.254", "fd00::1", "fe80::1", "0.0.0.0", "::", "::ffff:10.0.0.1"]) {
      expect([address, isAddressAllowed(address, local)]).toEqual([address, false]);
    }
  });

  const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
  const octet = fc.integer({ min: 0, max: 255 });
  const blockedV4 = fc.oneof(
    fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(10, b, c, d)),
    fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => v4(172, b, c, d)),
    fc.tuple(octet, octet).map(([c, d]) => v4(192, 168, c, d)),
    fc.tuple(fc.integer({ min: 64, max: 127 }), octet, octet).map(([b, c, d]) => v4(100, b, c, d)),
    fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(127, b, c, d)),
    fc.tuple(octet, octet).map(([c, d]) => v4(169, 254, c, d)),
    fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(0, b, c, d)),
    fc.tuple(fc.integer({ min: 224, max: 255 }), octet, octet, octet).map(([a, b, c, d]) => v4(a, b, c, d)),
  );
  const hex = (n: number) => n.toString(16);
  const ipv4Hex = (address: string) => {
    const [a = 0, b = 0, c = 0, d = 0] = address.split(".").map(Number);
    return `${hex(a * 256 + b)}:${hex(c * 256 + d)}`;
  };

  it("property: no address in a blocked IPv4 range, nor its IPv4-mapped forms, is allowed", () => {
    fc.assert(
      fc.property(blockedV4, (address) => {
        for (const form of [address, `::ffff:${address}`, `::ffff:${ipv4Hex(address)}`, `0:0:0:0:0:ffff:${address}`, `64:ff9b::${address}`]) {
          const allowed = isAddressAllowed(form, local);
          const loopback = address.startsWith("127.");
          expect([form, allowed]).toEqual([form, loopback]);
          expect([form, isAddressAllowed(form, refuse)]).toEqual([form, false]);
        }
      }),
      { numRuns: propertyRuns(1_000) },
    );
  });

  const group = fc.integer({ min: 0, max: 0xffff });
  it("property: no address in fc00::/7, fe80::/10 or ff00::/8 is allowed", () => {
    fc.assert(
      fc.property(fc.constantFrom(0xfc00, 0xfe80, 0xff00), fc.integer({ min: 0, max: 0x1ff }), fc.array(group, { minLength: 7, maxLength: 7 }), (base, low, rest) => {
        const mask = base === 0xfc00 ? 0x1ff : base === 0xfe80 ? 0x3f : 0xff;
        const address = [base | (low & mask), ...rest].map(hex).join(":");
        expect([address, isAddressAllowed(address, local)]).toEqual([address, false]);
      }),
      { numRuns: propertyRuns(1_000) },
    );
  });

  it("property: a random public IPv4 address is allowed, directly and IPv4-mapped", () => {
    fc.assert(
      fc.property(fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, octet), ([a, b, c, d]) => {
        const address = v4(a, b, c, d);
        fc.pre(![0, 10, 127].includes(a));
        fc.pre(!(a === 100 && b >= 64 && b <= 127) && !(a === 169 && b === 254) && !(a === 172 && b >= 16 && b <= 31) && !(a === 192 && b === 168));
        fc.pre(!(a === 192 && b === 0 && (c === 0 || c === 2)) && !(a === 192 && b === 88 && c === 99) && !(a === 198 && (b === 18 || b === 19)));
        fc.pre(!(a === 198 && b === 51 && c === 100) && !(a === 203 && b === 0 && c === 113));
        expect(isAddressAllowed(address, refuse)).toBe(true);
        expect(isAddressAllowed(`::ffff:${address}`, refuse)).toBe(true);
      }),
      { numRuns: propertyRuns(1_000) },
    );
  });
});
