// Name rules. Service names become DNS names on the app network and part of the Swarm service
// name `<app>_<service>`, so they follow DNS label rules; `_` is refused because it is the
// separator between app and service. Volumes, networks, secrets and configs follow Docker's
// object-name rules.

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const RESOURCE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/** Returns why `name` is not a valid service (or app) name, or undefined when it is valid. */
export function checkServiceName(name: string, what = "service name"): string | undefined {
  if (DNS_LABEL.test(name)) return undefined;
  if (name.length === 0) return `${what} is empty`;
  if (name.length > 63) return `${what} "${name.slice(0, 40)}…" is longer than 63 characters`;
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const suggestion = fixed && DNS_LABEL.test(fixed) ? ` (e.g. "${fixed}")` : "";
  return `invalid ${what} "${name}": use lowercase letters, digits and "-", starting and ending with a letter or digit${suggestion}`;
}

/** Returns why `name` is not a valid volume/network/secret/config name, or undefined. */
export function checkResourceName(name: string, what: string): string | undefined {
  if (RESOURCE_NAME.test(name)) return undefined;
  if (name.length === 0) return `${what} is empty`;
  if (name.length > 63) return `${what} "${name.slice(0, 40)}…" is longer than 63 characters`;
  return `invalid ${what} "${name}": use letters, digits, "_", "." and "-", starting with a letter or digit`;
}

export interface ImageReference {
  /** Registry host, absent for Docker Hub. */
  domain?: string;
  /** Repository path without registry, e.g. "library/nginx" or "org/app". */
  path: string;
  tag?: string;
  digest?: string;
}

const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::\d{1,5})?$/;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Parses an image reference with Docker's grammar; returns a message when it is invalid. */
export function parseImageReference(reference: string): { ok: true; value: ImageReference } | { ok: false; message: string } {
  const invalid = (why: string) => ({ ok: false as const, message: `invalid image reference "${reference}": ${why}` });
  if (reference.length === 0) return invalid("it is empty");
  if (reference.length > 512) return invalid("it is longer than 512 characters");
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return invalid(`"${digest}" is not a digest such as sha256:<64 hex digits>`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return invalid(`tag "${tag}" may contain only letters, digits, "_", "." and "-" (at most 128)`);
  }
  const parts = rest.split("/");
  let domain: string | undefined;
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    domain = first;
    parts.shift();
    if (!DOMAIN.test(domain)) return invalid(`registry "${domain}" is not a valid host name`);
  }
  for (const part of parts) {
    if (!COMPONENT.test(part)) {
      const lower = part.toLowerCase();
      return invalid(
        part !== lower && COMPONENT.test(lower)
          ? `repository names must be lowercase ("${part}" → "${lower}")`
          : `"${part}" is not a valid repository name component`,
      );
    }
  }
  const value: ImageReference = { path: parts.join("/") };
  if (domain !== undefined) value.domain = domain;
  if (tag !== undefined) value.tag = tag;
  if (digest !== undefined) value.digest = digest;
  return { ok: true, value };
}
