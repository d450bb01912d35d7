/**
 * The one way domain code hands a value to a Prisma Json column. Prisma types those inputs as
 * InputJsonValue, a recursive type with an index signature: TypeScript refuses interfaces and
 * object types with optional properties there (an interface has no implicit index signature, and
 * `undefined` is not JSON), although such values are plain JSON data. The argument type still
 * keeps functions, symbols and bigints out at compile time; everything else is serialised by
 * Prisma as JSON.stringify would.
 */
import type { Prisma } from "@/lib/db";

type JsonData = string | number | boolean | null | object;

export function toJsonColumn(value: Exclude<JsonData, null | ((...args: never[]) => unknown)>): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
