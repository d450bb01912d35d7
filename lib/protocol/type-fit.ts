/**
 * Compile-time checks that a zod schema and a hand-written type describe the same data (used where
 * a schema guards what another module's type produces: lib/compose/swarm-types.ts,
 * lib/domain/traffic/stored-traffic.ts). Types only: nothing here exists at run time.
 */

/** Keys of T (at any depth) that U does not have. */
export type ExtraKeys<T, U> = T extends readonly (infer A)[]
  ? U extends readonly (infer B)[]
    ? ExtraKeys<A, B>
    : "(a list where the other has none)"
  : T extends object
    ? {
        [K in keyof T]-?: [T[K]] extends [never] ? never : K extends keyof U ? ExtraKeys<NonNullable<T[K]>, NonNullable<U[K]>> : K;
      }[keyof T]
    : never;

/** true when T fits U and has no field U lacks; otherwise what is wrong (the offending keys). */
export type Fits<T, U> = [T] extends [U] ? ([ExtraKeys<T, U>] extends [never] ? true : ExtraKeys<T, U>) : "the types do not fit";

/** true when the types fit both ways with the same keys at every depth; otherwise the keys one side lacks. */
export type Same<T, U> = [T] extends [U]
  ? [U] extends [T]
    ? [ExtraKeys<T, U> | ExtraKeys<U, T>] extends [never]
      ? true
      : { "fields the other side lacks": ExtraKeys<T, U> | ExtraKeys<U, T> }
    : "the schema's output does not fit the type"
  : "the type does not fit the schema's output";
