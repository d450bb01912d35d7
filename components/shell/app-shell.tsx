"use client";

import { LogOut, Menu, Ship, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { useMe, useSignOut } from "@/lib/query/use-account";
import type { Me } from "@/lib/schemas/auth";
import { NAV_ITEMS } from "./nav-items";
import { OrgSwitcher } from "./org-switcher";
import { ThemeToggle } from "./theme-toggle";

/** Signed-in layout: sidebar navigation (a drawer on small screens), organisation switcher, user menu. */
export function AppShell({ initialMe, children }: { initialMe: Me; children: ReactNode }) {
  const { data: me = initialMe } = useMe(initialMe);
  const [open, setOpen] = useState(false);
  return (
    <div className="min-h-screen lg:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 lg:hidden dark:border-slate-800 dark:bg-slate-900">
        <Brand />
        <Button variant="ghost" size="sm" onClick={() => setOpen((v) => !v)} aria-expanded={open} aria-controls="sidebar" aria-label="Menu">
          {open ? <X className="size-5" aria-hidden /> : <Menu className="size-5" aria-hidden />}
        </Button>
      </header>
      <aside
        id="sidebar"
        className={cn(
          "w-full shrink-0 flex-col border-r border-slate-200 bg-white lg:sticky lg:top-0 lg:flex lg:h-screen lg:w-64 dark:border-slate-800 dark:bg-slate-900",
          open ? "flex" : "hidden",
        )}
      >
        <div className="hidden px-5 pb-2 pt-5 lg:block">
          <Brand />
        </div>
        <div className="px-4 py-3">
          <OrgSwitcher me={me} />
        </div>
        <Nav onNavigate={() => setOpen(false)} />
        <UserMenu me={me} />
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-8 lg:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}

function Brand() {
  return (
    <Link href="/dashboard" className="flex items-center gap-2 text-lg font-semibold">
      <Ship className="size-6 text-brand-600" aria-hidden />
      Wharf
    </Link>
  );
}

function Nav({ onNavigate }: { onNavigate: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex-1 space-y-0.5 px-3 py-2">
      {NAV_ITEMS.map(({ href, label, icon: Icon }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
              active
                ? "bg-brand-50 text-brand-700 dark:bg-brand-700/20 dark:text-brand-100"
                : "text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

function UserMenu({ me }: { me: Me }) {
  const signOut = useSignOut();
  return (
    <div className="flex items-center justify-between gap-2 border-t border-slate-200 px-4 py-3 dark:border-slate-800">
      <div className="min-w-0">
        <p className="truncate text-sm font-medium">{me.user.name}</p>
        <p className="truncate text-xs text-slate-500">{me.user.email}</p>
      </div>
      <div className="flex shrink-0 items-center">
        <ThemeToggle />
        <Button
          variant="ghost"
          size="sm"
          aria-label="Sign out"
          busy={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onSettled: () => window.location.assign("/sign-in") })}
        >
          <LogOut className="size-4" aria-hidden />
        </Button>
      </div>
    </div>
  );
}
