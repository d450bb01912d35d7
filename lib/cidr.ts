import { isIP } from "node:net";

/** Whether an entry of an address list setting is an IP address or a CIDR block ("10.0.0.0/8", "::1"). */
export function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.trim().split("/");
  const family = isIP(address ?? "");
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
