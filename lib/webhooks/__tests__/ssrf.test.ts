import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { KeelError } from "@/lib/errors";
import { postWebhook } from "../send";
import { assertWebhookUrlAllowed, BlockedAddressError, classifyAddress, guardedLookup, isClassAllowed, type AddressClass } from "../ssrf";
import { startReceiver, type Receiver } from "./receiver";

// No test here sends a request to a non-local host: public addresses are only classified or checked as
// IP literals, which needs no DNS lookup and no connection.

describe("classifyAddress", () => {
  const cases: [string, AddressClass][] = [
    ["8.8.8.8", "public"],
    ["2606:4700:4700::1111", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.10", "private"],
    ["100.64.0.1", "carrierGradeNat"],
    ["169.254.1.1", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["100.100.100.200", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["192.0.2.1", "reserved"],
    ["240.0.0.1", "reserved"],
    ["2001:db8::1", "reserved"],
    // IPv6 forms that embed an IPv4 address are classified by that address.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::127.0.0.1", "loopback"],
    ["::ffff:0:192.168.0.1", "private"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:a9fe:a9fe::1", "metadata"],
  ];

  it.each(cases)("classifies %s as %s", (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe("isClassAllowed", () => {
  it("allows only public addresses by default", () => {
    expect(isClassAllowed("public", false)).toBe(true);
    for (const addressClass of ["loopback", "private", "carrierGradeNat", "linkLocal", "uniqueLocal", "reserved"] as const) {
      expect(isClassAllowed(addressClass, false)).toBe(false);
    }
  });

  it("lets allowPrivateNetwork open private classes", () => {
    for (const addressClass of ["loopback", "private", "carrierGradeNat", "linkLocal", "uniqueLocal"] as const) {
      expect(isClassAllowed(addressClass, true)).toBe(true);
    }
  });

  it("never allows metadata or non-unicast", () => {
    for (const addressClass of ["metadata", "unspecified", "broadcast", "multicast"] as const) {
      expect(isClassAllowed(addressClass, true)).toBe(false);
    }
  });
});

async function rejection(url: string, allowPrivateNetwork = false): Promise<KeelError> {
  const error = await assertWebhookUrlAllowed(url, { allowPrivateNetwork }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

describe("assertWebhookUrlAllowed", () => {
  it("accepts a public IP literal", async () => {
    await expect(assertWebhookUrlAllowed("https://8.8.8.8/hook", { allowPrivateNetwork: false })).resolves.toBeUndefined();
  });

  it("rejects loopback with the fix", async () => {
    const error = await rejection("http://127.0.0.1:9000/hook");

    expect(error.code).toBe("unprocessable");
    expect(error.message).toContain("a loopback address");
    expect(error.message).toContain("ask an admin to allow private network targets");
    expect(error.issues.map((issue) => issue.path)).toEqual(["url"]);
  });

  it("rejects localhost through DNS", async () => {
    const error = await rejection("http://localhost:9000/hook");
    expect(error.message).toMatch(/host "localhost" resolves to (127\.0\.0\.1|::1), which is a loopback address/);
  });

  it.each([
    ["http://10.0.0.5/hook", "a private (RFC 1918) address"],
    ["http://192.168.0.1/hook", "a private (RFC 1918) address"],
    ["http://100.64.1.1/hook", "a carrier-grade NAT (RFC 6598) address"],
    ["http://169.254.10.10/hook", "a link-local address"],
    ["http://[fd00::5]/hook", "a unique-local IPv6 address"],
    ["http://[::ffff:127.0.0.1]/hook", "a loopback address"],
    ["http://2130706433/hook", "a loopback address"],
    ["http://0x7f.1/hook", "a loopback address"],
    ["http://0.0.0.0:8080/hook", "the unspecified address"],
  ])("rejects %s", async (url, description) => {
    expect((await rejection(url)).message).toContain(description);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.GOOGLE.INTERNAL./computeMetadata/v1/",
    "http://metadata/computeMetadata/v1/",
  ])("rejects metadata target %s even when allowed", async (url) => {
    const error = await rejection(url, true);
    expect(error.message).toContain("a cloud metadata service address, which Keel never sends webhooks to");
  });

  it("accepts loopback when private targets are allowed", async () => {
    await expect(assertWebhookUrlAllowed("http://localhost:9000/hook", { allowPrivateNetwork: true })).resolves.toBeUndefined();
    await expect(assertWebhookUrlAllowed("http://127.0.0.1:9000/hook", { allowPrivateNetwork: true })).resolves.toBeUndefined();
  });

  it("rejects other schemes and credentials", async () => {
    expect((await rejection("ftp://8.8.8.8/hook")).message).toContain('must use http or https, not "ftp"');
    expect((await rejection("file:///etc/passwd")).message).toContain("must use http or https");
    expect((await rejection("https://user:pass@8.8.8.8/hook")).message).toContain("must not contain a user name or password");
    expect((await rejection("not a url")).message).toContain("not a valid absolute URL");
  });

  it("rejects a host that resolves to any blocked address", async () => {
    const resolve = async () => [
      { address: "8.8.8.8", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
    const error = await assertWebhookUrlAllowed("https://mixed.invalid/hook", { allowPrivateNetwork: false, resolve }).catch((caught) => caught);

    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).message).toContain('host "mixed.invalid" resolves to 10.0.0.7');
  });

  it("rejects a host that does not resolve", async () => {
    const resolve = async () => {
      throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
    };
    const error = await assertWebhookUrlAllowed("https://nowhere.invalid/hook", { allowPrivateNetwork: false, resolve }).catch((caught) => caught);

    expect((error as KeelError).message).toBe('Webhook URL host "nowhere.invalid" could not be resolved (ENOTFOUND); check the host name.');
  });
});

describe("guardedLookup", () => {
  function lookup(allowPrivateNetwork: boolean, host: string, all: boolean) {
    return new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) => {
      guardedLookup(allowPrivateNetwork)(host, { all }, (error, address, family) => resolve({ error, result: all ? address : { address, family } }));
    });
  }

  it("fails the connection for localhost", async () => {
    const { error } = await lookup(false, "localhost", false);

    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error?.message).toContain("a loopback address");
  });

  it("fails a metadata host name without resolving it", async () => {
    const { error } = await lookup(true, "metadata.google.internal", true);
    expect((error as BlockedAddressError).addressClass).toBe("metadata");
  });

  it("returns addresses in the requested shape when allowed", async () => {
    const single = await lookup(true, "localhost", false);
    const all = await lookup(true, "localhost", true);

    expect(single.error).toBeNull();
    expect(single.result).toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
    expect(Array.isArray(all.result)).toBe(true);
    expect((all.result as { address: string }[]).length).toBeGreaterThan(0);
  });
});

describe("postWebhook connection guard", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });

  const request = (url: string, allowPrivateNetwork: boolean) =>
    postWebhook({ url, body: "{}", eventType: "webhook.test", deliveryId: "d-1", secret: "whsec_test", allowPrivateNetwork, timeoutMs: 2_000 });

  it("blocks localhost inside the connection lookup", async () => {
    const result = await request(`http://localhost:${receiver.port}/hook`, false);

    expect(result.ok).toBe(false);
    expect(result.retryable).toBe(false);
    expect(result.error).toContain("a loopback address");
    expect(receiver.requests).toHaveLength(0);
  });

  it("blocks an IP literal before connecting", async () => {
    const result = await request(`${receiver.origin}/hook`, false);

    expect(result.error).toContain("address 127.0.0.1 is a loopback address");
    expect(receiver.requests).toHaveLength(0);
  });

  it("blocks the metadata address before connecting", async () => {
    const result = await request("http://169.254.169.254/latest/meta-data/", true);

    expect(result.retryable).toBe(false);
    expect(result.error).toContain("a cloud metadata service address");
  });

  it("connects when private targets are allowed", async () => {
    const result = await request(`http://localhost:${receiver.port}/hook`, true);

    expect(result).toMatchObject({ ok: true, statusCode: 204 });
    expect(receiver.requests).toHaveLength(1);
  });
});
