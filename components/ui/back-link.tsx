import Link from "next/link";
import type { ReactNode } from "react";

/**
 * The "← Parent" link above a page's header, back to the list or page it was opened from.
 * `children` follow the link on the same line (e.g. " · " and a second link).
 */
export function BackLink({ href, label, children }: { href: string; label: string; children?: ReactNode }) {
  return (
    <p className="mb-2 text-sm">
      <Link href={href} className="text-brand-600 hover:underline">
        {`← ${label}`}
      </Link>
      {children}
    </p>
  );
}
