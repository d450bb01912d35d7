import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Composes Tailwind classes; later ones win over conflicting earlier ones. */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
