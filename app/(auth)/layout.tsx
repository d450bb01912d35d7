import { Ship } from "lucide-react";
import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8 flex items-center gap-2 text-2xl font-semibold">
        <Ship className="size-8 text-brand-600" aria-hidden />
        Wharf
      </div>
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
