// Compose files that try to reach the machine they run on (issue 9, finding 1). Shared by the
// compose unit tests (each is a located "policy" error under the strict policy and passes once the
// rule is relaxed) and the agent tests (the spec compiled without any policy is sent straight to a
// real agent, which must refuse it by itself).
import type { PolicyRule, WorkloadPolicyInput } from "@/lib/protocol/workload-policy";

export type PolicyCase = {
  name: string;
  text: string;
  /** Where the error points. */
  path: string;
  line: number;
  rule: PolicyRule;
  message: RegExp;
  /** A policy under which the file is accepted. */
  relax: WorkloadPolicyInput;
  /** false when Swarm cannot express the request, so no spec would carry it (normalize drops the key). */
  reachesSpec: boolean;
};

const svc = (body: string, extra = "") => `services:\n  web:\n    image: nginx\n${body}${extra}`;
const volume = (opts: string, driver = "") => svc("    volumes: [data:/data]\n", `volumes:\n  data:\n${driver}    driver_opts:\n${opts}`);

type Row = [name: string, text: string, path: string, line: number, rule: PolicyRule, message: RegExp, relax: WorkloadPolicyInput, reachesSpec?: boolean];

const ROWS: Row[] = [
  // bind mounts and the engine socket
  ["bind mount of / (short syntax)", svc('    volumes: ["/:/host"]\n'), "services.web.volumes[0]", 4, "dockerSocket", /bind mount of \/ .*contains the container engine's \/var\/run\/docker\.sock/, { bindMountPaths: ["/"], dockerSocket: true }],
  ["Docker socket (short syntax)", svc('    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n'), "services.web.volumes[0]", 4, "dockerSocket", /bind mount of \/var\/run\/docker\.sock is not allowed/, { dockerSocket: true }],
  ["Docker socket under /run", svc("    volumes:\n      - /run/docker.sock:/docker.sock:ro\n"), "services.web.volumes[0]", 5, "dockerSocket", /\/run\/docker\.sock/, { dockerSocket: true }],
  ["Docker socket (long syntax)", svc("    volumes:\n      - type: bind\n        source: /var/run/docker.sock\n        target: /var/run/docker.sock\n"), "services.web.volumes[0].source", 6, "dockerSocket", /docker\.sock/, { dockerSocket: true }],
  ["containerd's socket directory", svc('    volumes: ["/run/containerd:/c"]\n'), "services.web.volumes[0]", 4, "dockerSocket", /\/run\/containerd is not allowed/, { dockerSocket: true }],
  ["Docker's state directory", svc('    volumes: ["/var/lib/docker:/d:ro"]\n'), "services.web.volumes[0]", 4, "dockerSocket", /\/var\/lib\/docker/, { dockerSocket: true }],
  ["/var holds the Docker socket", svc('    volumes: ["/var:/v"]\n'), "services.web.volumes[0]", 4, "dockerSocket", /contains the container engine's \/var\/run\/docker\.sock/, { bindMountPaths: ["/var"], dockerSocket: true }],
  ["socket spelt with // and /./", svc('    volumes: ["//var/./run//docker.sock:/s"]\n'), "services.web.volumes[0]", 4, "dockerSocket", /bind mount of \/var\/run\/docker\.sock/, { dockerSocket: true }],
  ["bind mount of /etc (long syntax)", svc("    volumes:\n      - type: bind\n        source: /etc\n        target: /host-etc\n        read_only: true\n"), "services.web.volumes[0].source", 6, "bindMountPaths", /bind mount of \/etc is not allowed .*no bind mounts/, { bindMountPaths: ["/etc"] }],
  [".. climbs out of an allowed path", svc('    volumes: ["/srv/app/../../etc:/x"]\n'), "services.web.volumes[0]", 4, "bindMountPaths", /bind mount of \/etc is not allowed/, { bindMountPaths: ["/etc"] }],
  ["sibling of an allowed prefix", svc('    volumes: ["/srvx/data:/x"]\n'), "services.web.volumes[0]", 4, "bindMountPaths", /bind mount of \/srvx\/data/, { bindMountPaths: ["/srvx"] }],
  ["bind mount of /proc", svc('    volumes: ["/proc:/hostproc"]\n'), "services.web.volumes[0]", 4, "bindMountPaths", /\/proc/, { bindMountPaths: ["/proc"] }],
  ["use_api_socket", svc("    use_api_socket: true\n"), "services.web.use_api_socket", 4, "dockerSocket", /Docker API/, { dockerSocket: true }, false],
  // named volumes whose driver options bind host paths
  ["local volume binding /etc (type none, o bind)", volume("      type: none\n      o: bind\n      device: /etc\n"), "volumes.data.driver_opts.type", 8, "volumeHostPaths", /type: none binds a host path/, { volumeHostPaths: true }],
  ["local volume with o: rbind of /", volume("      o: rbind\n      device: /\n"), "volumes.data.driver_opts.o", 8, "volumeHostPaths", /o: rbind makes a bind mount/, { volumeHostPaths: true }],
  ["volume mounting a block device (ext4)", volume("      type: ext4\n      device: /dev/sda1\n"), "volumes.data.driver_opts.type", 8, "volumeHostPaths", /type: ext4 mounts a device/, { volumeHostPaths: true }],
  ["volume with a relative device", volume("      device: etc\n"), "volumes.data.driver_opts.device", 8, "volumeHostPaths", /device: etc without a network file system type/, { volumeHostPaths: true }],
  ["overlay volume with host lowerdir", volume("      o: lowerdir=/etc,upperdir=/tmp/u,workdir=/tmp/w\n"), "volumes.data.driver_opts.o", 8, "volumeHostPaths", /o: lowerdir=\/etc names a host path/, { volumeHostPaths: true }],
  ["plugin volume mounting /", volume("      mountpoint: /\n", "    driver: local-persist\n"), "volumes.data.driver_opts.mountpoint", 9, "volumeHostPaths", /mountpoint: \/ looks like a host path/, { volumeHostPaths: true }],
  // capabilities and sysctls
  ["cap_add ALL", svc("    cap_add: [ALL]\n"), "services.web.cap_add[0]", 4, "capabilities", /cap_add ALL is not allowed .*no added capabilities/, { capabilities: ["ALL"] }],
  ["cap_add SYS_ADMIN", svc("    cap_add:\n      - NET_BIND_SERVICE\n      - SYS_ADMIN\n"), "services.web.cap_add[1]", 6, "capabilities", /cap_add SYS_ADMIN is not allowed/, { capabilities: ["NET_BIND_SERVICE", "SYS_ADMIN"] }],
  ["cap_add in lowercase", svc("    cap_add: [sys_ptrace]\n"), "services.web.cap_add[0]", 4, "capabilities", /cap_add SYS_PTRACE/, { capabilities: ["sys_ptrace"] }],
  ["cap_add with the CAP_ prefix", svc("    cap_add: [CAP_NET_ADMIN]\n"), "services.web.cap_add[0]", 4, "capabilities", /cap_add NET_ADMIN/, { capabilities: ["NET_ADMIN"] }],
  ["sysctls (map)", svc("    sysctls:\n      net.ipv4.ip_forward: 1\n"), 'services.web.sysctls["net.ipv4.ip_forward"]', 5, "sysctls", /sysctl net\.ipv4\.ip_forward is not allowed/, { sysctls: ["net.ipv4"] }],
  ["sysctls (list)", svc("    sysctls:\n      - kernel.shmmax=68719476736\n"), "services.web.sysctls[0]", 5, "sysctls", /sysctl kernel\.shmmax/, { sysctls: ["kernel.shmmax"] }],
  // the host network
  ["external network named host", svc("    networks: [host]\n", "networks:\n  host:\n    external: true\n"), "networks.host", 6, "hostNetwork", /network "host" is the host network/, { hostNetwork: true }],
  ["network key with name: host", svc("    networks: [outside]\n", "networks:\n  outside:\n    external: true\n    name: host\n"), "networks.outside.name", 8, "hostNetwork", /network "outside" is the host network/, { hostNetwork: true }],
  ["v2 external: {name: host}", `version: "2.4"\n${svc("    networks: [lan]\n", "networks:\n  lan:\n    external:\n      name: host\n")}`, "networks.lan.name", 9, "hostNetwork", /host network/, { hostNetwork: true }],
  ["network_mode: host", svc("    network_mode: host\n"), "services.web.network_mode", 4, "hostNetwork", /network_mode: host/, { hostNetwork: true }, false],
  ["net: host (compose v2)", `version: "2"\n${svc("    net: host\n")}`, "services.web.network_mode", 5, "hostNetwork", /network_mode: host/, { hostNetwork: true }, false],
  // host ports below 1024
  ["published port 80 (short syntax)", svc('    ports: ["80:80"]\n'), "services.web.ports[0]", 4, "privilegedPorts", /host port 80 is not allowed/, { privilegedPorts: true }],
  ["published port 22 (long syntax)", svc("    ports:\n      - target: 2222\n        published: 22\n"), "services.web.ports[0].published", 6, "privilegedPorts", /host port 22/, { privilegedPorts: true }],
  ["published port range reaching below 1024", svc('    ports: ["1000-1030:1000-1030"]\n'), "services.web.ports[0]", 4, "privilegedPorts", /host port 1000/, { privilegedPorts: true }],
  ["published DNS port over udp", svc('    ports: ["8080:80", "53:53/udp"]\n'), "services.web.ports[1]", 4, "privilegedPorts", /host port 53/, { privilegedPorts: true }],
  // keys Swarm drops, refused when the policy forbids what they ask
  ["privileged: true", svc("    privileged: true\n"), "services.web.privileged", 4, "privileged", /privileged containers/, { privileged: true }, false],
  ["privileged in a v1 file", "web:\n  image: nginx\n  privileged: true\n", "services.web.privileged", 3, "privileged", /privileged containers/, { privileged: true }, false],
  ["seccomp unconfined", svc("    security_opt:\n      - no-new-privileges:true\n      - seccomp:unconfined\n"), "services.web.security_opt[1]", 6, "privileged", /seccomp:unconfined turns confinement off/, { privileged: true }, false],
  ["pid: host", svc("    pid: host\n"), "services.web.pid", 4, "hostNamespaces", /pid: host shares the host's process namespace/, { hostNamespaces: true }, false],
  ["ipc: host", svc("    ipc: host\n"), "services.web.ipc", 4, "hostNamespaces", /ipc: host/, { hostNamespaces: true }, false],
  ["userns_mode: host", svc("    userns_mode: host\n"), "services.web.userns_mode", 4, "hostNamespaces", /userns_mode: host/, { hostNamespaces: true }, false],
  ["devices", svc("    devices:\n      - /dev/sda:/dev/sda\n"), "services.web.devices[0]", 5, "devices", /host device \/dev\/sda/, { devices: true }, false],
];

export const POLICY_CASES: PolicyCase[] = ROWS.map(([name, text, path, line, rule, message, relax, reachesSpec = true]) => ({ name, text, path, line, rule, message, relax, reachesSpec }));

/** Files that touch nothing on the host and must keep deploying under the strict policy. */
export const ALLOWED_UNDER_STRICT: [name: string, text: string][] = [
  ["tmpfs mounts", svc("    tmpfs: [/run, /tmp:size=64m]\n    volumes:\n      - type: tmpfs\n        target: /cache\n")],
  ["named local volume", svc("    volumes: [data:/data]\n", "volumes:\n  data: {}\n")],
  ["plugin volume with plain options (the brief's ossfs example)", svc("    volumes: [site:/usr/share/nginx/html]\n", "volumes:\n  site:\n    driver: ossfs\n    driver_opts:\n      bucket: acs-sample\n")],
  ["NFS volume", svc("    volumes: [share:/share]\n", "volumes:\n  share:\n    driver_opts:\n      type: nfs\n      o: addr=10.0.0.5,nfsvers=4\n      device: :/exports/share\n")],
  ["CIFS volume", svc("    volumes: [share:/share]\n", 'volumes:\n  share:\n    driver_opts:\n      type: cifs\n      o: username=app,vers=3.0\n      device: "//fileserver/share"\n')],
  ["tmpfs-backed volume", svc("    volumes: [scratch:/scratch]\n", "volumes:\n  scratch:\n    driver_opts:\n      type: tmpfs\n      device: tmpfs\n      o: size=100m\n")],
  ["ports 1024 and above", svc('    ports: ["8080:80", "1024:1024", "3000", "10000-10002:10000-10002"]\n')],
  ["cap_drop ALL", svc("    cap_drop: [ALL]\n")],
  ["an external network that is not host", svc("    networks: [shared]\n", "networks:\n  shared:\n    external: true\n")],
  ["an app network keyed host", svc("    networks: [host]\n", "networks:\n  host: {}\n")],
  ["privileged: false and pid of another service", svc("    privileged: false\n    pid: service:db\n")],
];
