import { describe, expect, it } from "vitest";
import { parseInfoPid, parseServersState, parseShowProc, parseStat } from "./runtime-parse";
import { runtimeAnswerOk } from "./runtime-socket";

// captured from HAProxy 2.6.12 (Debian 12)
const SERVERS_STATE = `1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
3 bet 1 a 127.0.0.1 2 8 10 10 1 6 3 2 6 0 0 0 - 19101 - 0 0 - - 0
3 bet 2 b 127.0.0.1 2 0 10 10 1 6 3 2 6 0 0 0 - 19102 - 0 0 - - 0
3 bet 3 d 127.0.0.1 0 1 7 7 3 8 2 0 6 0 0 0 - 19109 - 0 0 - - 0

`;

const SHOW_PROC_FAILED = `#<PID>          <type>          <reloads>       <uptime>        <version>
11435           master          5 [failed: 1]   0d00h00m35s     2.6.12-1+deb12u4
# workers
12303           worker          1               0d00h00m06s     2.6.12-1+deb12u4
# old workers
12200           worker          2               0d00h00m16s     2.6.12-1+deb12u4
# programs

`;

describe("runtime API parsers", () => {
  it("show servers state: address, port, user weight, admin state (drain, maintenance) and health", () => {
    expect(parseServersState(SERVERS_STATE)).toEqual([
      { backend: "bet", name: "a", address: "127.0.0.1", fqdn: null, port: 19101, weight: 10, admin: "drain", up: true },
      { backend: "bet", name: "b", address: "127.0.0.1", fqdn: null, port: 19102, weight: 10, admin: "ready", up: true },
      { backend: "bet", name: "d", address: "127.0.0.1", fqdn: null, port: 19109, weight: 7, admin: "maint", up: false },
    ]);
    expect(parseServersState("1\n# be_id be_name\n\n")).toEqual([]);
  });

  it("show proc: master reloads and failures, current and old workers", () => {
    expect(parseShowProc(SHOW_PROC_FAILED)).toEqual({
      masterPid: 11435,
      reloads: 5,
      failed: 1,
      workers: [{ pid: 12303, reloads: 1 }],
      oldWorkers: [12200],
    });
    expect(parseShowProc("")).toBeNull();
  });

  it("show stat: rows by column name; show info: the worker pid", () => {
    const rows = parseStat("# pxname,svname,qcur,qmax,scur\nfe,FRONTEND,,,0\nbe,t1,0,0,3\n\n");
    expect(rows[1]).toEqual({ pxname: "be", svname: "t1", qcur: "0", qmax: "0", scur: "3" });
    expect(parseInfoPid("Name: HAProxy\nVersion: 2.6.12\nPid: 4242\nUptime: 0d\n")).toBe(4242);
  });

  it("tells the runtime API's success answers from its refusals", () => {
    for (const ok of [
      "",
      "\n",
      "New server registered.\n",
      "Server deleted.\n",
      "IP changed from '10.0.0.1' to '10.0.0.2', port changed from '1' to '2' by 'stats socket command'\n",
    ])
      expect(runtimeAnswerOk(ok), ok).toBe(true);
    for (const refused of [
      "No such server.\n",
      "Server still has connections attached to it, cannot remove it.\n",
      "'cookie' option is not accepted for dynamic server\n",
    ])
      expect(runtimeAnswerOk(refused), refused).toBe(false);
  });
});
