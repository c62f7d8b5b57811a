import dns from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";
import { KeelError } from "../errors";

// Guards outbound webhook requests against server-side request forgery: a webhook URL must not make Keel
// call services that only its own network can reach. URLs are checked when saved and again inside the
// DNS lookup of every connection, so a host name that later resolves to another address (DNS rebinding)
// is still caught.

/** The kind of an IP address, named as ipaddr.js names its special ranges, plus `metadata` and `public`. */
export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "carrierGradeNat"
  | "linkLocal"
  | "uniqueLocal"
  | "deprecatedSiteLocal"
  | "metadata"
  | "unspecified"
  | "broadcast"
  | "multicast"
  | "reserved";

/** Classes that no webhook may reach, even with allowPrivateNetwork: they cannot receive or must not. */
const NEVER_ALLOWED = new Set<AddressClass>(["metadata", "unspecified", "broadcast", "multicast"]);

const CLASS_DESCRIPTIONS: Record<AddressClass, string> = {
  public: "a public address",
  loopback: "a loopback address",
  private: "a private (RFC 1918) address",
  carrierGradeNat: "a carrier-grade NAT (RFC 6598) address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local IPv6 address",
  deprecatedSiteLocal: "a site-local IPv6 address",
  metadata: "a cloud metadata service address",
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  reserved: "a reserved, non-public address",
};

// Instance metadata services hand out cloud credentials: AWS (IPv4 and IPv6, plus the ECS task endpoint),
// GCP and Azure at 169.254.169.254, Alibaba Cloud at 100.100.100.200 and Oracle Cloud at 192.0.0.192.
const METADATA_ADDRESSES = new Set(["169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192"]);
const METADATA_HOST_NAMES = new Set(["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);

const IPV4_CLASSES: Partial<Record<string, AddressClass>> = {
  unicast: "public",
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "linkLocal",
  loopback: "loopback",
  carrierGradeNat: "carrierGradeNat",
  private: "private",
};

const IPV6_CLASSES: Partial<Record<string, AddressClass>> = {
  unicast: "public",
  unspecified: "unspecified",
  linkLocal: "linkLocal",
  multicast: "multicast",
  loopback: "loopback",
  uniqueLocal: "uniqueLocal",
  deprecatedSiteLocal: "deprecatedSiteLocal",
};

/** Classifies an IP address. IPv6 addresses that embed an IPv4 address are classified by that address. */
export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) throw new Error(`Not an IP address: "${address}".`);

  const parsed = ipaddr.process(address);
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString()) || METADATA_ADDRESSES.has(parsed.toString())) return "metadata";
  if (parsed.kind() === "ipv4") return IPV4_CLASSES[parsed.range()] ?? "reserved";

  const ipv6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIpv4(ipv6);
  if (embedded) return classifyAddress(embedded.toString());
  return IPV6_CLASSES[ipv6.range()] ?? "reserved";
}

// `ipaddr.process` already unwraps IPv4-mapped addresses (::ffff:a.b.c.d). This covers the other forms that
// carry an IPv4 address to which traffic may end up going: IPv4-compatible (::a.b.c.d, deprecated),
// IPv4-translated (::ffff:0:a.b.c.d), the NAT64 well-known prefix 64:ff9b::/96 and 6to4 (2002:aabb:ccdd::/48).
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const parts = address.parts;
  const fromWords = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const range = address.range();

  const compatible = parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7] > 1);
  if (compatible || range === "rfc6145") return fromWords(parts[6], parts[7]);
  if (range === "rfc6052" && parts[2] === 0) return fromWords(parts[6], parts[7]);
  if (range === "6to4") return fromWords(parts[1], parts[2]);
  return null;
}

/** Returns whether a webhook may connect to an address of this class. */
export function isClassAllowed(addressClass: AddressClass, allowPrivateNetwork: boolean): boolean {
  if (addressClass === "public") return true;
  return allowPrivateNetwork && !NEVER_ALLOWED.has(addressClass);
}

/** Builds the reason a host or address is rejected, written for the admin who configures the webhook. */
export function rejectionMessage(host: string, address: string | null, addressClass: AddressClass): string {
  const target = address && address !== host ? `host "${host}" resolves to ${address}, which is` : `address ${address ?? host} is`;
  const description = CLASS_DESCRIPTIONS[addressClass];
  if (NEVER_ALLOWED.has(addressClass)) {
    return `Webhook URL rejected: ${target} ${description}, which Keel never sends webhooks to. Use another URL.`;
  }
  return (
    `Webhook URL rejected: ${target} ${description}. Keel sends webhooks only to public addresses unless the ` +
    `webhook allows private network targets; ask an admin to allow private network targets for this webhook.`
  );
}

/** Raised inside a connection's DNS lookup when the host resolves to an address the webhook may not reach. */
export class BlockedAddressError extends Error {
  readonly code = "ERR_KEEL_BLOCKED_ADDRESS";

  constructor(
    message: string,
    readonly addressClass: AddressClass,
  ) {
    super(message);
    this.name = "BlockedAddressError";
  }
}

function normalizeHost(hostname: string): string {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.$/, "");
}

/** Returns the rejection of one resolved address, or null when the webhook may connect to it. */
function checkAddress(host: string, address: string, allowPrivateNetwork: boolean): BlockedAddressError | null {
  const addressClass = classifyAddress(address);
  if (isClassAllowed(addressClass, allowPrivateNetwork)) return null;
  return new BlockedAddressError(rejectionMessage(host, address, addressClass), addressClass);
}

/** Returns the rejection of a host name or IP literal before any lookup, or null. */
function checkHostName(host: string, allowPrivateNetwork: boolean): BlockedAddressError | null {
  if (METADATA_HOST_NAMES.has(host)) return new BlockedAddressError(rejectionMessage(host, null, "metadata"), "metadata");
  if (isIP(host)) return checkAddress(host, host, allowPrivateNetwork);
  return null;
}

export type ResolveAll = (host: string) => Promise<{ address: string; family: number }[]>;

const resolveAllWithDns: ResolveAll = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

function urlIssue(message: string): KeelError {
  return new KeelError("unprocessable", message, [{ path: "url", message }]);
}

/**
 * Checks a webhook URL before it is saved: http or https, no user name or password, and a host that is not
 * a metadata service and whose every resolved address the webhook may reach. Throws a 422 KeelError whose
 * issue is on the `url` field.
 */
export async function assertWebhookUrlAllowed(
  url: string,
  options: { allowPrivateNetwork: boolean; resolve?: ResolveAll },
): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw urlIssue(`Webhook URL "${url}" is not a valid absolute URL; use one such as https://hooks.example.com/keel.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw urlIssue(`Webhook URL must use http or https, not "${parsed.protocol.replace(/:$/, "")}".`);
  }
  if (parsed.username || parsed.password) {
    throw urlIssue("Webhook URL must not contain a user name or password; receivers verify the X-Keel-Signature header instead.");
  }

  const host = normalizeHost(parsed.hostname);
  const rejectedByName = checkHostName(host, options.allowPrivateNetwork);
  if (rejectedByName) throw urlIssue(rejectedByName.message);
  if (isIP(host)) return;

  let addresses: { address: string }[];
  try {
    addresses = await (options.resolve ?? resolveAllWithDns)(host);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "lookup failed";
    throw urlIssue(`Webhook URL host "${host}" could not be resolved (${code}); check the host name.`);
  }

  for (const { address } of addresses) {
    const rejected = checkAddress(host, address, options.allowPrivateNetwork);
    if (rejected) throw urlIssue(rejected.message);
  }
}

/**
 * Returns the rejection of a URL's host when it is a metadata host name or an IP literal the webhook may not
 * reach. Connections to IP literals skip the DNS lookup, so they must be checked before connecting.
 */
export function checkUrlHostBeforeConnect(url: URL, allowPrivateNetwork: boolean): BlockedAddressError | null {
  return checkHostName(normalizeHost(url.hostname), allowPrivateNetwork);
}

type LookupCallback = Parameters<LookupFunction>[2];

/**
 * Returns a `lookup` for net.connect and tls.connect that resolves every address of the host and fails the
 * connection when any of them is one the webhook may not reach.
 */
export function guardedLookup(allowPrivateNetwork: boolean): LookupFunction {
  return (hostname, options, callback: LookupCallback) => {
    const host = normalizeHost(hostname);
    const rejectedByName = checkHostName(host, allowPrivateNetwork);
    if (rejectedByName) return callback(rejectedByName, "", 0);

    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      if (addresses.length === 0) {
        return callback(Object.assign(new Error(`No addresses found for "${host}".`), { code: "ENOTFOUND" }), "", 0);
      }

      for (const { address } of addresses) {
        const rejected = checkAddress(host, address, allowPrivateNetwork);
        if (rejected) return callback(rejected, "", 0);
      }

      if (options.all) return (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

const dispatchers = new Map<boolean, Agent>();

/** Returns the shared undici Agent whose connections resolve hosts through `guardedLookup`. */
export function webhookDispatcher(allowPrivateNetwork: boolean): Agent {
  let agent = dispatchers.get(allowPrivateNetwork);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(allowPrivateNetwork) }, keepAliveTimeout: 4_000 });
    dispatchers.set(allowPrivateNetwork, agent);
  }
  return agent;
}
