import type { ReactNode } from "react";
import { Card } from "./card";
import { EmptyState } from "./empty-state";

/** An area whose feature has not shipped yet: says so plainly instead of showing dead controls. */
export function NotYetAvailable({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <Card>
      <EmptyState icon={icon} title={title}>
        {children}
      </EmptyState>
    </Card>
  );
}
