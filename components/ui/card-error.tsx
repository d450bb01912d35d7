import { Alert } from "./alert";

/** Padding that lines the alert up with a card's content: alone in the body, under a table, or above it. */
const PLACEMENT = {
  body: "p-5",
  below: "px-5 pb-5",
  above: "px-5 pt-4",
} as const;

/**
 * A failed query's or mutation's error inside a card; nothing when there is none.
 * Cards had each wrapped the same Alert in the same padded div by hand.
 */
export function CardError({
  error,
  title,
  placement = "body",
}: {
  error: Error | null | undefined;
  /** What failed, e.g. "The history could not be loaded". */
  title?: string;
  placement?: keyof typeof PLACEMENT;
}) {
  if (!error) return null;
  return (
    <div className={PLACEMENT[placement]}>
      <Alert title={title}>{error.message}</Alert>
    </div>
  );
}
