import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { canonicalJson } from "../../shared/canonical";

/**
 * The server's Ed25519 signing key (node:crypto). It signs checkpoints of each log's head and
 * the manifest of every export, so that anyone holding the public key — kept away from the
 * server (docs/operations.md) — can tell a genuine record from one rewritten on the server.
 */
export interface Signature {
  alg: "Ed25519";
  /** SHA-256 of the public key (SPKI DER), hex: names the key without revealing anything. */
  keyId: string;
  /** Base64 of the Ed25519 signature over the JCS text of the signed object without `signature`. */
  sig: string;
}

export class Signer {
  readonly keyId: string;
  readonly publicKeyPem: string;

  private constructor(private readonly privateKey: KeyObject) {
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
    this.keyId = keyIdOf(publicKey);
  }

  /**
   * The key in `file` (PKCS#8 PEM), made on first start when the file does not exist, written
   * with mode 0600 beside its public half (`<file>.pub`).
   */
  static fromFile(file: string): Signer {
    if (!fs.existsSync(file)) {
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Written whole under a name of its own, then linked into place: of several processes
      // starting at once on a shared directory one key wins, and none reads half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      try {
        fs.linkSync(tmp, file);
        fs.writeFileSync(`${file}.pub`, publicKey.export({ type: "spki", format: "pem" }));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    }
    const key = createPrivateKey(fs.readFileSync(file));
    if (key.asymmetricKeyType !== "ed25519") throw new Error(`${file} is not an Ed25519 private key`);
    return new Signer(key);
  }

  /** A fresh key held only in memory (tests, tools). */
  static ephemeral(): Signer {
    return new Signer(generateKeyPairSync("ed25519").privateKey);
  }

  /** `value` with its signature attached as `signature`. */
  signed<T extends object>(value: T): T & { signature: Signature } {
    const sig = sign(null, Buffer.from(canonicalJson(value)), this.privateKey).toString("base64");
    return { ...value, signature: { alg: "Ed25519", keyId: this.keyId, sig } };
  }
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
}

/** A public key from PEM text (SPKI) or base64 of the raw 32 bytes. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith("-----BEGIN")) return createPublicKey(trimmed);
  const raw = Buffer.from(trimmed, "base64");
  if (raw.length !== 32) throw new Error("a public key is PEM (SPKI) or base64 of 32 raw bytes");
  // SPKI DER prefix for an Ed25519 key (RFC 8410), then the raw key.
  const der = Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]);
  return createPublicKey({ key: der, format: "der", type: "spki" });
}

export type SignatureCheck = "valid" | "invalid" | "other-key" | "unsigned";

/** Checks `value.signature` against `publicKey`. */
export function checkSignature(value: Record<string, unknown>, publicKey: KeyObject): SignatureCheck {
  const { signature, ...rest } = value;
  if (!isSignature(signature)) return "unsigned";
  if (signature.keyId !== keyIdOf(publicKey)) return "other-key";
  try {
    return verify(null, Buffer.from(canonicalJson(rest)), publicKey, Buffer.from(signature.sig, "base64")) ? "valid" : "invalid";
  } catch {
    return "invalid";
  }
}

export function isSignature(v: unknown): v is Signature {
  if (v === null || typeof v !== "object") return false;
  const s = v as Record<string, unknown>;
  return s.alg === "Ed25519" && typeof s.keyId === "string" && typeof s.sig === "string";
}
