import type { ReactNode } from "react";
import { PageHeader } from "./page-header";
import { TabsNav } from "./tabs-nav";

export type SectionTab = { href: string; label: string };

/** An area of the console with pages of its own: its header, the tabs between its pages, then the page. */
export function TabbedSection({
  title,
  description,
  tabs,
  children,
}: {
  title: string;
  description: string;
  tabs: SectionTab[];
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <TabsNav items={tabs} label={title} />
      {children}
    </>
  );
}
