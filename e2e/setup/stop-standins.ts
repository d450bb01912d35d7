/**
 * Playwright global teardown: the stand-in volume plugin a spec started for this run (see
 * tests/support/runtime/ossfs-plugin.ts) stops with the run, like the machines the specs made.
 */
import { stopOssfsStandIn } from "../../tests/support/runtime/ossfs-plugin";

export default async function stopStandIns(): Promise<void> {
  stopOssfsStandIn();
}
