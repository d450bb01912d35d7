/**
 * /proc/<pid>/net/dev: bytes received and sent per interface of a network namespace, summed over
 * the interfaces that count. Two header lines, then "  eth0: <rx bytes> <rx packets> … <tx bytes> …"
 * (8 receive columns, then 8 transmit columns).
 */
export type NetBytes = { rxBytes: number; txBytes: number };

/**
 * Interfaces that would count traffic twice or not at all on the node: loopback, the host ends of
 * container veth pairs and the bridges they hang off (docker0, docker_gwbridge, br-<id>); traffic
 * that leaves the machine passes a physical (or cloud) interface too, where it is counted once.
 */
export const VIRTUAL_INTERFACE = /^(lo|veth.*|docker.*|br-.*|virbr.*|vxlan.*|cni.*|flannel.*|cali.*)$/;

/** Only loopback: everything else in a container's namespace is its own traffic. */
export const LOOPBACK = /^lo$/;

export function parseNetDev(text: string, skip: RegExp): NetBytes {
  let rxBytes = 0;
  let txBytes = 0;
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === "" || skip.test(name)) continue;
    const columns = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    const rx = Number(columns[0]);
    const tx = Number(columns[8]);
    if (Number.isFinite(rx) && rx >= 0) rxBytes += rx;
    if (Number.isFinite(tx) && tx >= 0) txBytes += tx;
  }
  return { rxBytes, txBytes };
}
