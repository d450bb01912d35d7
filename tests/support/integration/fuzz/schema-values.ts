/**
 * Bad values for a field, derived from its JSON Schema (as the OpenAPI document states it): wrong
 * types, boundaries, huge and hostile strings. Deterministic: randomness comes from a seeded PRNG.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
};

export type BadValue = { label: string; value: unknown };

/** mulberry32: a small seeded PRNG, so every run sends the same requests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export const randomToken = (random: () => number, length: number) =>
  Array.from({ length }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(random() * 36)]).join("");

const KB100 = "x".repeat(100 * 1024);

/** Strings that are hostile anywhere: the causes of finding 7 and their neighbours. */
export const HOSTILE_STRINGS: BadValue[] = [
  { label: "NUL character", value: "a\u0000b" },
  { label: "lone high surrogate", value: "a\ud800b" },
  { label: "lone low surrogate", value: "\udc00" },
  { label: "control characters", value: "\u0001\u0007\u001b[31m\r\n" },
  { label: "bidi and zero-width", value: "\u202eevil\u200b" },
  { label: "100 KB string", value: KB100 },
  { label: "empty string", value: "" },
  { label: "whitespace only", value: "   " },
  { label: "%-escapes and traversal", value: "%E0%A4%A/../../etc/passwd" },
  { label: "SQL and template", value: '\'; drop table "User"; -- ${x} {{x}}' },
];

const typesOf = (s: JsonSchema): string[] => {
  if (s.anyOf ?? s.oneOf) return [...new Set((s.anyOf ?? s.oneOf ?? []).flatMap(typesOf))];
  if (s.enum) return [...new Set(s.enum.map((v) => (v === null ? "null" : typeof v)))];
  return s.type === undefined ? [] : [s.type].flat();
};

function wrongTypes(types: string[]): BadValue[] {
  const candidates: Array<[string, unknown]> = [
    ["string", "not-the-right-type"],
    ["number", 12345],
    ["boolean", true],
    ["object", { nested: 1 }],
    ["array", [1, "two"]],
    ["null", null],
  ];
  return candidates
    .filter(([t]) => !types.includes(t) && !(t === "number" && types.includes("integer")))
    .map(([t, value]) => ({ label: `wrong type (${t})`, value }));
}

function numberBoundaries(s: JsonSchema, integer: boolean): BadValue[] {
  const out: BadValue[] = [
    { label: "huge number", value: 1e308 },
    { label: "negative huge number", value: -1e308 },
    { label: "2^31", value: 2 ** 31 },
    { label: "2^53 + 2", value: 2 ** 53 + 2 },
    { label: "negative", value: -1 },
    { label: "zero", value: 0 },
    { label: "number as string", value: "12" },
  ];
  if (integer) out.push({ label: "fraction", value: 1.5 });
  if (s.minimum !== undefined) out.push({ label: "minimum - 1", value: s.minimum - 1 }, { label: "minimum", value: s.minimum });
  if (s.maximum !== undefined) out.push({ label: "maximum + 1", value: s.maximum + 1 }, { label: "maximum", value: s.maximum });
  return out;
}

function stringBoundaries(s: JsonSchema): BadValue[] {
  const out: BadValue[] = [...HOSTILE_STRINGS];
  if (s.maxLength !== undefined && s.maxLength < 100 * 1024) out.push({ label: "maxLength + 1", value: "a".repeat(s.maxLength + 1) });
  if (s.minLength !== undefined && s.minLength > 0) out.push({ label: "minLength - 1", value: "a".repeat(s.minLength - 1) });
  if (s.enum)
    out.push(
      { label: "value outside the enum", value: "NOT_A_MEMBER" },
      { label: "enum value in lower case", value: String(s.enum[0]).toLowerCase() },
    );
  if (s.format) out.push({ label: `not a ${s.format}`, value: "not a valid value" });
  return out;
}

/** Bad values for one field of the given schema (valid ones may be among them: boundaries). */
export function badValuesFor(schema: JsonSchema): BadValue[] {
  const types = typesOf(schema);
  const out = wrongTypes(types);
  if (types.includes("string")) out.push(...stringBoundaries(schema));
  if (types.includes("integer") || types.includes("number")) out.push(...numberBoundaries(schema, types.includes("integer")));
  if (types.includes("array")) {
    out.push({ label: "empty array", value: [] }, { label: "10 000 items", value: Array.from({ length: 10_000 }, (_, i) => `item-${i}`) });
    out.push({ label: "items of the wrong type", value: [{ x: 1 }, null, 3] }, { label: "array holding a NUL string", value: ["a\u0000"] });
  }
  if (types.includes("object")) {
    out.push({ label: "key with a NUL", value: { "k\u0000": "v" } }, { label: "value with a lone surrogate", value: { KEY: "\udbff" } });
    out.push({ label: "2 000 keys", value: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`K${i}`, "v"])) });
  }
  return out;
}

/** A plausible valid value, for fields without an example. */
export function validValueFor(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.[0]) return validValueFor(variants[0]);
  const type = [schema.type].flat()[0];
  if (type === "string") return schema.pattern?.includes("a-z0-9]{8,40}") ? "zzzzzzzzzzzz" : "a".repeat(Math.max(1, schema.minLength ?? 1));
  if (type === "integer" || type === "number") return schema.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "array") return [];
  if (type === "object") {
    const required = schema.required ?? [];
    return Object.fromEntries(
      Object.entries(schema.properties ?? {})
        .filter(([k]) => required.includes(k))
        .map(([k, v]) => [k, validValueFor(v)]),
    );
  }
  return null;
}
