import { describe, expect, it } from "vitest";
import { buildSandboxCommand, SANDBOX_UID, type SandboxCommandOptions } from "./sandbox-command";

const REPOSITORY = "/srv/joulebench";
const options: SandboxCommandOptions = {
  nodePath: "/usr/bin/node",
  childScript: { hostPath: `${REPOSITORY}/.data/runner/child-0123456789abcdef.mjs`, sandboxPath: "/app/child.mjs" },
  mounts: [
    { hostPath: `${REPOSITORY}/node_modules/onnxruntime-node`, sandboxPath: "/app/node_modules/onnxruntime-node" },
    { hostPath: "/tmp/joulebench-staging-123-456/sandbox-abc/model", sandboxPath: "/model" },
    { hostPath: "/tmp/joulebench-staging-123-456/sandbox-abc/job", sandboxPath: "/job" },
  ],
  cores: [2, 3],
  prefix: ["sh", "-c", 'echo $$ > "$0" && exec "$@"', "/sys/fs/cgroup/memory/joulebench/eval-x/cgroup.procs"],
};

/** The values that follow each occurrence of `flag` (`count` of them). */
function flagValues(args: readonly string[], flag: string, count = 1): string[][] {
  const found: string[][] = [];
  args.forEach((arg, index) => {
    if (arg === flag) found.push(args.slice(index + 1, index + 1 + count));
  });
  return found;
}

describe("buildSandboxCommand", () => {
  const { command, args } = buildSandboxCommand(options);
  const bwrapAt = args.indexOf("bwrap");
  const bwrapArgs = args.slice(bwrapAt + 1, args.indexOf("--", bwrapAt));

  it("enters the memory cgroup first, then pins the cores, then starts bubblewrap", () => {
    expect([command, ...args.slice(0, 3)]).toEqual(options.prefix);
    expect(args.slice(3, bwrapAt)).toEqual(["taskset", "--cpu-list", "2,3"]);
    expect(bwrapAt).toBe(6);
  });

  it("unshares every namespace, drops to nobody with no capabilities and an empty environment", () => {
    for (const flag of ["--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv"])
      expect(bwrapArgs).toContain(flag);
    expect(flagValues(bwrapArgs, "--uid")).toEqual([[String(SANDBOX_UID)]]);
    expect(flagValues(bwrapArgs, "--gid")).toEqual([[String(SANDBOX_UID)]]);
    expect(SANDBOX_UID).toBe(65_534);
    expect(flagValues(bwrapArgs, "--cap-drop")).toEqual([["ALL"]]);
    expect(bwrapArgs).not.toContain("--cap-add");
    expect(bwrapArgs).not.toContain("--share-net");
    expect(bwrapArgs).not.toContain("--setenv");
  });

  it("mounts /usr, the child script and the given folders read-only, and nothing writable from the host", () => {
    expect(flagValues(bwrapArgs, "--ro-bind", 2)).toEqual([
      ["/usr", "/usr"],
      [options.childScript.hostPath, "/app/child.mjs"],
      ...options.mounts.map((mount) => [mount.hostPath, mount.sandboxPath]),
    ]);
    for (const writable of ["--bind", "--bind-try", "--dev-bind", "--dev-bind-try"])
      expect(bwrapArgs).not.toContain(writable);
    expect(flagValues(bwrapArgs, "--tmpfs")).toEqual([["/tmp"]]);
  });

  it("never mounts the repository itself, the data folder or the host's root", () => {
    const mountedHostPaths = flagValues(bwrapArgs, "--ro-bind", 2).map(([hostPath]) => hostPath);
    for (const forbidden of [REPOSITORY, `${REPOSITORY}/.data`, "/", "/etc", "/home", "/root"])
      expect(mountedHostPaths).not.toContain(forbidden);
  });

  it("runs node on the script's path inside the sandbox, with a bounded heap", () => {
    expect(args.slice(args.indexOf("--", bwrapAt))).toEqual([
      "--",
      "/usr/bin/node",
      "--max-old-space-size=512",
      "/app/child.mjs",
    ]);
  });

  it("for a root runner, drops to nobody with the attempt's group and exactly the staging groups, after the cgroup", () => {
    const dropped = buildSandboxCommand({
      ...options,
      dropTo: { uid: SANDBOX_UID, gid: 1_500_000_002, groups: [1_500_000_001] },
    });
    const full = [dropped.command, ...dropped.args];
    const setprivAt = full.indexOf("setpriv");
    expect(setprivAt).toBe(options.prefix!.length);
    expect(full.slice(setprivAt, setprivAt + 5)).toEqual([
      "setpriv",
      "--reuid=65534",
      "--regid=1500000002",
      "--groups=1500000001",
      "--",
    ]);
    const none = buildSandboxCommand({ ...options, dropTo: { uid: SANDBOX_UID, gid: SANDBOX_UID, groups: [] } });
    expect(none.args).toContain("--clear-groups");
    expect(args).not.toContain("setpriv");
  });

  it("does not pin when no cores are given, and needs no prefix", () => {
    const bare = buildSandboxCommand({ ...options, cores: [], prefix: undefined });
    expect(bare.command).toBe("bwrap");
    expect(bare.args).not.toContain("taskset");
  });

  it("in the explicit unsafe mode runs node directly on the host script: no bubblewrap at all", () => {
    const unsafe = buildSandboxCommand({ ...options, unsafeNoSandbox: true });
    expect([unsafe.command, ...unsafe.args]).toEqual([
      ...options.prefix!,
      "taskset",
      "--cpu-list",
      "2,3",
      "/usr/bin/node",
      "--max-old-space-size=512",
      options.childScript.hostPath,
    ]);
    expect(unsafe.args).not.toContain("bwrap");
  });
});

describe("buildSandboxCommand for a gpu child", () => {
  const uuid = "GPU-5e6c2f3a-1b2c-4d5e-8f90-123456789abc";
  const devices = ["/dev/nvidia0", "/dev/nvidiactl", "/dev/nvidia-uvm"];

  it("binds the NVIDIA device files and names the GPU by UUID in CUDA_VISIBLE_DEVICES", () => {
    const { args } = buildSandboxCommand({ ...options, gpu: { uuid, devices } });
    const bwrapArgs = args.slice(args.indexOf("bwrap") + 1, args.indexOf("--", args.indexOf("bwrap")));
    expect(flagValues(bwrapArgs, "--dev-bind", 2)).toEqual(devices.map((device) => [device, device]));
    expect(flagValues(bwrapArgs, "--setenv", 2)).toEqual([["CUDA_VISIBLE_DEVICES", uuid]]);
    // after --dev, or the fresh /dev would hide them
    expect(bwrapArgs.indexOf("--dev-bind")).toBeGreaterThan(bwrapArgs.indexOf("--dev"));
  });

  it("binds no device and sets no GPU for a cpu child", () => {
    const { args } = buildSandboxCommand(options);
    expect(args).not.toContain("--dev-bind");
    expect(args.join(" ")).not.toContain("CUDA_VISIBLE_DEVICES");
  });

  it("pins the GPU in the unsafe local mode too", () => {
    const { args } = buildSandboxCommand({ ...options, unsafeNoSandbox: true, gpu: { uuid, devices } });
    expect(args).toContain(`CUDA_VISIBLE_DEVICES=${uuid}`);
  });
});
