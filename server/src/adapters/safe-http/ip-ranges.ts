/**
 * Classification of literal IP addresses that must never be contacted unless
 * explicitly allow-listed. This is only an early, friendlier check for URLs that
 * contain an IP literal: the authoritative check happens at connect time in
 * request-filtering-agent (which also covers hostnames, i.e. DNS rebinding).
 */
import { BlockList, isIP } from "node:net";

interface Range {
  net: string;
  prefix: number;
  why: string;
}

const V4: Range[] = [
  { net: "0.0.0.0", prefix: 8, why: "unspecified address" },
  { net: "10.0.0.0", prefix: 8, why: "private network address" },
  { net: "100.64.0.0", prefix: 10, why: "carrier-grade NAT address" },
  { net: "127.0.0.0", prefix: 8, why: "loopback address" },
  {
    net: "169.254.0.0",
    prefix: 16,
    why: "link-local address (cloud metadata endpoint)",
  },
  { net: "172.16.0.0", prefix: 12, why: "private network address" },
  { net: "192.0.0.0", prefix: 24, why: "reserved address" },
  { net: "192.0.2.0", prefix: 24, why: "reserved (documentation) address" },
  { net: "192.88.99.0", prefix: 24, why: "reserved address" },
  { net: "192.168.0.0", prefix: 16, why: "private network address" },
  { net: "198.18.0.0", prefix: 15, why: "reserved (benchmarking) address" },
  { net: "198.51.100.0", prefix: 24, why: "reserved (documentation) address" },
  { net: "203.0.113.0", prefix: 24, why: "reserved (documentation) address" },
  { net: "224.0.0.0", prefix: 4, why: "multicast address" },
  { net: "240.0.0.0", prefix: 4, why: "reserved address" },
];

const V6: Range[] = [
  { net: "::", prefix: 128, why: "unspecified address" },
  { net: "::1", prefix: 128, why: "loopback address" },
  { net: "::ffff:0:0", prefix: 96, why: "IPv4-mapped address" },
  { net: "::ffff:0:0:0", prefix: 96, why: "IPv4-translated address" },
  { net: "64:ff9b::", prefix: 96, why: "NAT64 address" },
  { net: "64:ff9b:1::", prefix: 48, why: "NAT64 address" },
  { net: "100::", prefix: 64, why: "discard-only address" },
  { net: "2001::", prefix: 23, why: "reserved (IETF protocol) address" },
  { net: "2001:db8::", prefix: 32, why: "reserved (documentation) address" },
  { net: "2002::", prefix: 16, why: "6to4 address" },
  { net: "fc00::", prefix: 7, why: "unique-local address" },
  { net: "fe80::", prefix: 10, why: "link-local address" },
  { net: "fec0::", prefix: 10, why: "site-local address" },
  { net: "ff00::", prefix: 8, why: "multicast address" },
];

const lists = [
  ...V4.map((r) => ({ ...r, type: "ipv4" as const })),
  ...V6.map((r) => ({ ...r, type: "ipv6" as const })),
].map((r) => {
  const list = new BlockList();
  list.addSubnet(r.net, r.prefix, r.type);
  return { list, type: r.type, why: r.why };
});

/** Strips the brackets URL.hostname keeps around IPv6 literals. */
export function unbracket(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]")
    ? hostname.slice(1, -1)
    : hostname;
}

/**
 * If `host` is an IP literal in a non-public range, returns why it is refused;
 * otherwise (public IP, or not an IP at all) returns undefined.
 */
export function blockedIpReason(host: string): string | undefined {
  const ip = unbracket(host);
  const family = isIP(ip);
  if (family === 0) return undefined;
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const entry of lists) {
    if (entry.type === type && entry.list.check(ip, type)) return entry.why;
  }
  return undefined;
}
