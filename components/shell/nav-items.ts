import { Bell, Boxes, Gauge, GitCompareArrows, LayoutDashboard, Package, ScrollText, Server, Settings } from "lucide-react";

export const NAV_ITEMS = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/clusters", label: "Clusters", icon: Server },
  { href: "/applications", label: "Applications", icon: Boxes },
  { href: "/registries", label: "Registries", icon: Package },
  { href: "/releases", label: "Releases", icon: GitCompareArrows },
  { href: "/autoscaling", label: "Autoscaling", icon: Gauge },
  { href: "/logs", label: "Logs", icon: ScrollText },
  { href: "/alerts", label: "Alerts", icon: Bell },
  { href: "/settings", label: "Settings", icon: Settings },
] as const;
