// Helpers for walking untrusted plain data (parsed YAML) without prototype surprises.

export type PlainObject = Record<string, unknown>;

export function isRecord(value: unknown): value is PlainObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Assigns an own property even for "__proto__", which plain assignment would treat as the prototype. */
export function setOwn(object: PlainObject, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** Scalars that compose lets stand in for strings (`user: 1000`, `LABEL: true`). */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}
