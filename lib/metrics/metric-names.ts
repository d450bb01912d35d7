/**
 * The series Wharf writes to Prometheus: names and label names in one place, for the gateway that
 * exposes them, the chart queries and the autoscaling evaluator that read them.
 *
 * Every series carries `org` (organisation id), `cluster` (cluster id) and `node` (node id), set by
 * the gateway from the agent's credential. Container series add `application`, `service` (the
 * compose names), `swarm_service`, `task` and `container`. Tenant isolation rests on `org`: every
 * query Wharf builds, and the federation endpoint, restrict it to the caller's organisation.
 */
export const METRIC = {
  containerCpuPercent: "wharf_container_cpu_percent",
  containerMemoryUsedBytes: "wharf_container_memory_used_bytes",
  containerMemoryLimitBytes: "wharf_container_memory_limit_bytes",
  /** used / limit × 100: what `max_memory` compares with. */
  containerMemoryPercent: "wharf_container_memory_percent",
  containerNetworkRxBytesPerSecond: "wharf_container_network_receive_bytes_per_second",
  containerNetworkTxBytesPerSecond: "wharf_container_network_transmit_bytes_per_second",
  containerBlockReadBytesPerSecond: "wharf_container_block_read_bytes_per_second",
  containerBlockWriteBytesPerSecond: "wharf_container_block_write_bytes_per_second",
  containerRestarts: "wharf_container_restarts",
  /** 1 while the container's health check fails, else 0. */
  containerUnhealthy: "wharf_container_unhealthy",
  nodeCpuPercent: "wharf_node_cpu_percent",
  nodeMemoryUsedBytes: "wharf_node_memory_used_bytes",
  nodeMemoryTotalBytes: "wharf_node_memory_total_bytes",
  nodeLoad1: "wharf_node_load1",
  nodeNetworkRxBytesPerSecond: "wharf_node_network_receive_bytes_per_second",
  nodeNetworkTxBytesPerSecond: "wharf_node_network_transmit_bytes_per_second",
  nodeContainersRunning: "wharf_node_containers_running",
  /** Seconds since the node's latest sample was taken, as seen by the gateway at scrape time. */
  nodeSampleAgeSeconds: "wharf_node_sample_age_seconds",
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

export const LABEL = {
  org: "org",
  cluster: "cluster",
  node: "node",
  hostname: "hostname",
  application: "application",
  service: "service",
  swarmService: "swarm_service",
  task: "task",
  container: "container",
} as const;
