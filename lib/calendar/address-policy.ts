/**
 * Which IP addresses a calendar feed may be fetched from: public unicast only,
 * so a feed URL cannot reach the service's own network, the cloud metadata
 * endpoint (169.254.169.254) or anything else not meant for the internet.
 * IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6 forms are judged by the
 * IPv4 address they carry. Loopback can be allowed for local development.
 */
import { isIPv4, isIPv6 } from "node:net";

type AddressCategory =
  | "public"
  | "loopback"
  | "private"
  | "shared" // 100.64.0.0/10, carrier-grade NAT
  | "link-local"
  | "unspecified"
  | "multicast"
  | "documentation"
  | "reserved"
  | "invalid";

interface AddressPolicy {
  allowLoopback: boolean;
}

export function isAddressAllowed(address: string, policy: AddressPolicy): boolean {
  const category = classifyAddress(address);
  return category === "public" || (category === "loopback" && policy.allowLoopback);
}

export function classifyAddress(address: string): AddressCategory {
  const text = address.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (isIPv4(text)) return classifyIPv4(ipv4ToNumber(text));
  if (isIPv6(text)) return classifyIPv6(ipv6ToGroups(text));
  return "invalid";
}

type Range4 = readonly [base: number, prefix: number, category: AddressCategory];

const IPV4_RANGES: readonly Range4[] = [
  [v4("0.0.0.0"), 32, "unspecified"],
  [v4("0.0.0.0"), 8, "reserved"], // "this network"
  [v4("10.0.0.0"), 8, "private"],
  [v4("100.64.0.0"), 10, "shared"],
  [v4("127.0.0.0"), 8, "loopback"],
  [v4("169.254.0.0"), 16, "link-local"],
  [v4("172.16.0.0"), 12, "private"],
  [v4("192.0.0.0"), 24, "reserved"], // IETF protocol assignments
  [v4("192.0.2.0"), 24, "documentation"],
  [v4("192.88.99.0"), 24, "reserved"], // former 6to4 relay anycast
  [v4("192.168.0.0"), 16, "private"],
  [v4("198.18.0.0"), 15, "reserved"], // benchmarking
  [v4("198.51.100.0"), 24, "documentation"],
  [v4("203.0.113.0"), 24, "documentation"],
  [v4("224.0.0.0"), 4, "multicast"],
  [v4("240.0.0.0"), 4, "reserved"], // includes 255.255.255.255
];

function v4(text: string): number {
  return ipv4ToNumber(text);
}

function ipv4ToNumber(text: string): number {
  return text.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function inRange4(address: number, base: number, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  return address >= base && address < base + size;
}

function classifyIPv4(address: number): AddressCategory {
  for (const [base, prefix, category] of IPV4_RANGES) if (inRange4(address, base, prefix)) return category;
  return "public";
}

/** Eight 16-bit groups; handles "::" and a dotted IPv4 tail. */
function ipv6ToGroups(text: string): number[] {
  let hex = text;
  const lastColon = hex.lastIndexOf(":");
  const tail = hex.slice(lastColon + 1);
  if (tail.includes(".")) {
    const n = ipv4ToNumber(tail);
    hex = `${hex.slice(0, lastColon + 1)}${Math.floor(n / 65_536).toString(16)}:${(n % 65_536).toString(16)}`;
  }
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((g) => parseInt(g, 16)));
  const [left = "", right] = hex.split("::");
  if (right === undefined) return parse(left);
  const leftGroups = parse(left);
  const rightGroups = parse(right);
  return [...leftGroups, ...new Array<number>(8 - leftGroups.length - rightGroups.length).fill(0), ...rightGroups];
}

function embeddedIPv4(groups: number[], index: number): number {
  return (groups[index] ?? 0) * 65_536 + (groups[index + 1] ?? 0);
}

function classifyIPv6(g: number[]): AddressCategory {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 0) return "unspecified";
  if (firstFiveZero && g5 === 0 && g6 === 0 && g7 === 1) return "loopback";
  if (firstFiveZero && g5 === 0xffff) return classifyIPv4(embeddedIPv4(g, 6)); // ::ffff:a.b.c.d
  if (firstFiveZero && g5 === 0) return classifyIPv4(embeddedIPv4(g, 6)); // ::a.b.c.d (deprecated)
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIPv4(embeddedIPv4(g, 6)); // NAT64
  if (g0 === 0x2002) return classifyIPv4(embeddedIPv4(g, 1)); // 6to4
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // fc00::/7 unique local
  if ((g0 & 0xffc0) === 0xfe80) return "link-local"; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return "private"; // fec0::/10, deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return "multicast";
  if (g0 === 0x2001 && g1 === 0x0db8) return "documentation";
  if (g0 === 0x3fff && g1 < 0x1000) return "documentation"; // 3fff::/20
  if (g0 === 0x2001 && g1 < 0x0200) return "reserved"; // 2001::/23, incl. Teredo
  if ((g0 & 0xe000) !== 0x2000) return "reserved"; // only 2000::/3 is global unicast
  return "public";
}
