// Malformed and hostile compose files, shared by the compose unit tests and the API tests (which
// check that each is refused with a located error and that nothing is deployed).

const svc = (body: string, extra = "") => `services:\n  web:\n    image: nginx\n${body}${extra}`;
const labels = (pairs: string) => svc(`    ports: ["8080:80"]\n    labels:\n${pairs}`);

function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    lines.push(
      `${name}: &${name} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(",")}]`,
    );
  }
  return `${lines.join("\n")}\nservices:\n  web:\n    image: nginx\n    command: *j\n`;
}

function deepBlocks(levels: number): string {
  let text = "services:\n  web:\n    image: nginx\n    labels:\n";
  for (let i = 0; i < levels; i++) text += `${" ".repeat(6 + i * 2)}k${i}:\n`;
  return `${text}${" ".repeat(6 + levels * 2)}v: 1\n`;
}

export const HOSTILE_CASES: [name: string, text: string, message: RegExp, path?: string][] = [
  ["unclosed flow sequence", "services:\n  web:\n    image: nginx\n    ports: [80\n", /invalid YAML/],
  ["tab indentation", "services:\n  web:\n\timage: nginx\n", /tabs are not allowed for indentation/],
  ["duplicate key", "services:\n  web:\n    image: a\n    image: b\n", /duplicate key "image"/, "services.web.image"],
  ["custom YAML tag", "services:\n  web:\n    image: !Ref Image\n", /YAML tag !Ref is not allowed/],
  ["binary tag", "services:\n  web:\n    image: !!binary bmdpbng=\n", /binary is not allowed/],
  ["several documents", "services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n", /several YAML documents/],
  ["top level is a list", "- services\n- web\n", /must be a mapping/],
  ["empty document", "# nothing here\n", /the compose file is empty/],
  ["billion laughs", billionLaughs(), /too many YAML alias expansions/],
  [
    "10 MB file",
    `services:\n  web:\n    image: nginx\n    command: "${"x".repeat(10 * 1024 * 1024)}"\n`,
    /larger than the 1048576-byte limit/,
  ],
  [
    "deep flow nesting",
    `services:\n  web:\n    image: nginx\n    command: ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
    /nested more than 64 levels/,
  ],
  ["deep block nesting", deepBlocks(80), /nested more than 64 levels/],
  [
    "unknown top-level key",
    'version: "3"\nservices:\n  web:\n    image: x\nvolume:\n  data: {}\n',
    /unknown key "volume" \(did you mean "volumes"\?\)/,
    "volume",
  ],
  [
    "misspelt services without version",
    "servics:\n  web:\n    image: x\n",
    /unknown top-level key "servics" \(did you mean "services"\?\)/,
    "servics",
  ],
  ["unsupported version", 'version: "4"\nservices:\n  web:\n    image: x\n', /unsupported compose version "4"/, "version"],
  ["services is a list", "services:\n  - web\n", /expected a mapping, got a list/, "services"],
  ["service is a string", "services:\n  web: nginx\n", /expected a mapping, got "nginx"/, "services.web"],
  ["image is a list", "services:\n  web:\n    image: [nginx]\n", /expected an image reference/, "services.web.image"],
  ["image in uppercase", "services:\n  web:\n    image: NGINX:latest\n", /repository names must be lowercase/, "services.web.image"],
  ["no image, only build", "services:\n  web:\n    build: .\n", /image is required/, "services.web.image"],
  [
    "typo in a service key",
    "services:\n  web:\n    imagee: nginx\n",
    /unknown key "imagee" \(did you mean "image"\?\)/,
    "services.web.imagee",
  ],
  ["ports is not a list", svc('    ports: "80:80"\n'), /expected a list, got "80:80"/, "services.web.ports"],
  ["port out of range", svc('    ports: ["70000:80"]\n'), /published port 70000 is out of range/, "services.web.ports[0]"],
  ["reversed port range", svc('    ports: ["8010-8000:80-90"]\n'), /reversed/, "services.web.ports[0]"],
  ["port range size mismatch", svc('    ports: ["8000-8001:80-82"]\n'), /has 2 ports but target range 80-82 has 3/],
  ["unknown protocol", svc('    ports: ["80:80/icmp"]\n'), /unknown protocol "icmp"/],
  ["port bound to one host IP", svc('    ports: ["127.0.0.1:8080:80"]\n'), /one host address \(127\.0\.0\.1\)/],
  [
    "bad healthcheck interval",
    svc('    healthcheck:\n      test: ["CMD", "true"]\n      interval: 10 seconds\n'),
    /invalid duration "10 seconds"/,
    "services.web.healthcheck.interval",
  ],
  ["duration without unit", svc("    stop_grace_period: 10\n"), /needs a unit/, "services.web.stop_grace_period"],
  [
    "bad memory size",
    svc("    deploy:\n      resources:\n        limits:\n          memory: 512 megabytes\n"),
    /invalid size "512 megabytes"/,
  ],
  ["memory below Docker's minimum", svc("    deploy:\n      resources:\n        limits:\n          memory: 1m\n"), /at least 6 MiB/],
  ["bad cpus", svc("    deploy:\n      resources:\n        limits:\n          cpus: lots\n"), /expected a number, got "lots"/],
  ["negative replicas", svc("    deploy:\n      replicas: -2\n"), /must be at least 0/, "services.web.deploy.replicas"],
  ["unknown deploy mode", svc("    deploy:\n      mode: replica\n"), /must be one of "replicated", "global"/, "services.web.deploy.mode"],
  ["global with replicas", svc("    deploy:\n      mode: global\n      replicas: 3\n"), /cannot be used with mode global/],
  ["unterminated interpolation", svc('    environment:\n      - "URL=${HOST"\n'), /unterminated "\$\{"/, "services.web.environment[0]"],
  ["required variable missing", svc("    environment:\n      - DB=${DB_URL:?missing}\n"), /DB_URL: missing/],
  ["bad variable name", svc("    command: echo ${1X}\n"), /invalid variable name "1X"/, "services.web.command"],
  ["lone dollar sign", svc("    command: echo 5$\n"), /invalid "\$" at the end/],
  ["classic constraint with single =", svc("    environment:\n      - constraint:node=x\n"), /use "==" \(must match\) or "!="/],
  [
    "Swarm constraint typo",
    svc("    deploy:\n      placement:\n        constraints: [node.hostnmae==a]\n"),
    /did you mean "node.hostname"/,
  ],
  ["container affinity", svc("    environment:\n      - affinity:container==db\n"), /containers are not addressable/],
  [
    "depends_on cycle",
    "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n",
    /dependency cycle: a → b → a/,
  ],
  [
    "depends_on unknown service",
    "services:\n  a:\n    image: x\n    depends_on: [dbb]\n  db:\n    image: x\n",
    /unknown service "dbb" \(did you mean "db"\?\)/,
    "services.a.depends_on.dbb",
  ],
  ["aliyun.depends unknown service", labels("      aliyun.depends: cache\n"), /depends on unknown service "cache"/],
  ["invalid service name", "services:\n  Web_App:\n    image: x\n", /invalid service name "Web_App"/, "services.Web_App"],
  ["prototype-polluting key", "services:\n  __proto__:\n    image: x\n", /the key "__proto__" is not allowed/, "services.__proto__"],
  ["invalid volume name", svc('    volumes: ["bad name:/data"]\n', 'volumes:\n  "bad name": {}\n'), /invalid volume name "bad name"/],
  [
    "undeclared named volume",
    svc("    volumes: [data:/var/lib/data]\n"),
    /volume "data" is not declared under the top-level volumes section/,
    "services.web.volumes[0]",
  ],
  ["undeclared network", svc("    networks: [backend]\n"), /network "backend" is not declared/],
  ["relative bind mount", svc("    volumes: [./html:/usr/share/nginx/html]\n"), /relative bind path "\.\/html"/],
  // extends of a service of the same file works (issue 15); one that is not there, or in another file, is refused.
  ["extends of an undefined service", svc("    extends: base\n"), /service "base" is not defined in this file/, "services.web.extends"],
  [
    "extends from another file",
    svc("    extends: { file: common.yml, service: web }\n"),
    /extends\.file is not supported/,
    "services.web.extends.file",
  ],
  ["file-based secret", svc("    secrets: [pw]\n", "secrets:\n  pw:\n    file: ./pw.txt\n"), /file-based secrets are not supported/],
  ["bad restart policy", svc("    restart: sometimes\n"), /invalid restart policy "sometimes"/, "services.web.restart"],
  [
    "healthcheck without CMD",
    svc('    healthcheck:\n      test: ["curl", "-f", "http://localhost"]\n'),
    /must start with "CMD", "CMD-SHELL" or "NONE"/,
  ],
  [
    "environment value is a mapping",
    svc("    environment:\n      A:\n        nested: true\n"),
    /expected a string, number or boolean value for "A"/,
  ],
  ["unterminated quote in command", svc("    command: sh -c 'echo hi\n"), /unterminated single quote/],
  [
    "autoscaling step out of range",
    labels("      aliyun.auto_scaling.step: 9\n"),
    /aliyun.auto_scaling.step: must be from 1 to 5, got 9/,
    'services.web.labels["aliyun.auto_scaling.step"]',
  ],
  [
    "autoscaling thresholds too close",
    labels("      aliyun.auto_scaling.max_cpu: 60\n      aliyun.auto_scaling.min_cpu: 40\n"),
    /at least 30 points below/,
  ],
  [
    "gpu count is a word",
    labels("      aliyun.gpu: two\n"),
    /aliyun.gpu: expected a whole number from 1 to 64, got "two"/,
    'services.web.labels["aliyun.gpu"]',
  ],
  ["lb with an unknown scheme", labels("      aliyun.lb.port_80: ftp://x:1\n"), /unsupported scheme "ftp"/],
  [
    "lb on a port the service does not list",
    labels("      aliyun.lb.port_9000: tcp://slb:9000\n"),
    /must list container port 9000\/tcp under ports/,
  ],
  ["negative scale", labels('      aliyun.scale: "-3"\n'), /from 0 to 10000/],
  ["log retention out of range", labels("      aliyun.log_store_app: stdout\n      aliyun.log_ttl_app: 9999\n"), /from 1 to 3650/],
  ["https route with a bare prefix", labels("      aliyun.routing.port_80: https://web\n"), /needs your own domain/],
  ["reserved wharf label", labels("      wharf.org: someone-else\n"), /wharf.org is reserved/],
  ["misspelt wharf label", labels("      wharf.auto_scaling.max_cpuu: 70\n"), /unknown autoscaling label .*did you mean "max_cpu"/],
  [
    "label set twice with different values",
    svc('    labels:\n      aliyun.scale: "2"\n    deploy:\n      labels:\n        aliyun.scale: "3"\n'),
    /set in both labels and deploy.labels/,
  ],
];
