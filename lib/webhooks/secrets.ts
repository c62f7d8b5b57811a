import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// Signing secrets must be readable again to sign each delivery, so unlike API keys they cannot be stored
// as hashes. They are encrypted with AES-256-GCM under a key derived from KEEL_SECRET with HKDF-SHA256.
// NOTE: changing KEEL_SECRET makes every stored signing secret undecryptable, so the webhooks must be recreated.

const SECRET_PREFIX = "whsec_";
const CIPHERTEXT_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Returns a new signing secret: `whsec_` and 32 random bytes in base64url. */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64url");
}

function encryptionKey(keelSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", keelSecret, "keel-webhooks", "webhook signing secret encryption", 32));
}

/** Encrypts a signing secret as `v1.<base64url of iv, ciphertext and tag>`. */
export function encryptSigningSecret(secret: string, keelSecret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(keelSecret), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `${CIPHERTEXT_VERSION}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url")}`;
}

/** Decrypts what encryptSigningSecret returned. Throws when the value was altered or KEEL_SECRET changed. */
export function decryptSigningSecret(stored: string, keelSecret: string): string {
  const [version, encoded] = stored.split(".", 2);
  if (version !== CIPHERTEXT_VERSION || !encoded) throw new Error(`Unknown signing secret format "${version}".`);

  const data = Buffer.from(encoded, "base64url");
  const iv = data.subarray(0, IV_BYTES);
  const tag = data.subarray(data.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(keelSecret), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]).toString("utf8");
}
