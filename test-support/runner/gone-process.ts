/** Test support: the key (process-identity.ts) of a process that ran and is gone, as a killed runner's is. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { processKeyOf } from "../../runner/staging/process-identity";

export async function goneProcessKey(): Promise<string> {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
  await once(child, "spawn");
  const key = processKeyOf(child.pid!);
  child.kill("SIGKILL");
  await once(child, "exit");
  if (!key) throw new Error("no /proc entry for a running child");
  return key;
}
