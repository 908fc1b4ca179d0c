/**
 * Builds the command line that runs the measurement child inside bubblewrap. Pure, so every isolation flag is
 * covered by a unit test; runner/sandbox/run-sandboxed.ts executes it.
 *
 * What the child gets, and why:
 * - no network, no IPC, no PIDs or hostname of the host (`--unshare-all`), an unprivileged uid (nobody), no
 *   capabilities, an empty environment (no DATABASE_URL, no secrets);
 * - read-only: the system's /usr (node and its shared libraries), the child's own bundled script, the two
 *   node packages it loads, the model's folder and the inputs file (texts only; the labels stay with the parent);
 * - a private /tmp and /proc, and nothing else of the host's file system (not the repository, not .data/).
 */
export interface ReadOnlyMount {
  hostPath: string;
  sandboxPath: string;
}

export interface SandboxCommandOptions {
  nodePath: string;
  childScript: ReadOnlyMount;
  mounts: ReadOnlyMount[];
  /** CPU cores the child is pinned to (taskset), so two measurements never share a core. */
  cores: number[];
  /** Command prefix that moves the process into its memory cgroup before bubblewrap starts (see memory-limit.ts). */
  prefix?: string[];
  /** true: run without bubblewrap (explicit unsafe local mode); the result is marked unsandboxed. */
  unsafeNoSandbox?: boolean;
  /**
   * Drop to this host uid, gid and exactly these supplementary groups before bubblewrap starts. Needed when the
   * runner is root: bwrap's --uid only renames the user inside its namespace, so without it the model's process
   * would be host root (without capabilities, but still the owner of every root-owned file it could reach). The
   * groups are the ones made for the staged copies it reads (runner/sandbox/stage-for-sandbox-user.ts).
   */
  dropTo?: { uid: number; gid: number; groups: number[] };
  /**
   * A gpu child's one GPU: its NVIDIA device files are bound into the sandbox's /dev (bwrap's --dev gives only
   * null, zero, random and the like, so CUDA would find no device) and CUDA_VISIBLE_DEVICES names the GPU by UUID,
   * so the child uses exactly the GPU whose power is sampled, whatever the host's numbering
   * (https://docs.nvidia.com/cuda/cuda-c-programming-guide/index.html#cuda-environment-variables).
   */
  gpu?: { uuid: string; devices: readonly string[] };
}

export const SANDBOX_UID = 65_534; // nobody

export function buildSandboxCommand(options: SandboxCommandOptions): { command: string; args: string[] } {
  const pin = options.cores.length > 0 ? ["taskset", "--cpu-list", options.cores.join(",")] : [];
  const nodeArgs = [options.nodePath, "--max-old-space-size=512", options.childScript.sandboxPath];
  let argv: string[];
  if (options.unsafeNoSandbox) {
    const visible = options.gpu ? ["env", `CUDA_VISIBLE_DEVICES=${options.gpu.uuid}`] : [];
    argv = [...pin, ...visible, options.nodePath, "--max-old-space-size=512", options.childScript.hostPath];
  } else {
    argv = [
      ...pin,
      "bwrap",
      "--unshare-all",
      "--unshare-user",
      "--uid",
      String(SANDBOX_UID),
      "--gid",
      String(SANDBOX_UID),
      "--die-with-parent",
      "--new-session",
      "--cap-drop",
      "ALL",
      "--clearenv",
      "--ro-bind",
      "/usr",
      "/usr",
      // Debian's merged /usr: the dynamic loader and libraries are reached through these links.
      "--symlink",
      "usr/lib",
      "/lib",
      "--symlink",
      "usr/lib64",
      "/lib64",
      "--symlink",
      "usr/bin",
      "/bin",
      "--proc",
      "/proc",
      "--dev",
      "/dev",
      "--tmpfs",
      "/tmp",
      ...(options.gpu ? options.gpu.devices.flatMap((device) => ["--dev-bind", device, device]) : []),
      ...(options.gpu ? ["--setenv", "CUDA_VISIBLE_DEVICES", options.gpu.uuid] : []),
      "--ro-bind",
      options.childScript.hostPath,
      options.childScript.sandboxPath,
      ...options.mounts.flatMap((mount) => ["--ro-bind", mount.hostPath, mount.sandboxPath]),
      "--chdir",
      "/tmp",
      "--",
      ...nodeArgs,
    ];
  }
  const drop =
    options.dropTo === undefined || options.unsafeNoSandbox
      ? []
      : [
          "setpriv",
          `--reuid=${options.dropTo.uid}`,
          `--regid=${options.dropTo.gid}`,
          ...(options.dropTo.groups.length > 0 ? [`--groups=${options.dropTo.groups.join(",")}`] : ["--clear-groups"]),
          "--",
        ];
  // Order matters: the cgroup prefix must run as root (it writes to cgroupfs), then privileges drop, then pinning.
  const full = [...(options.prefix ?? []), ...drop, ...argv];
  const [command, ...args] = full;
  if (!command) throw new Error("empty sandbox command");
  return { command, args };
}
