/**
 * What a submitted model can reach from inside the real sandbox, proven by a probe script run through the same
 * command the runner uses (buildSandboxCommand + runSandboxed, memory cgroup prefix included). The claims a broken
 * probe could pass vacuously (network, identity, visible files, writes, pinning) are paired with a control run
 * without bubblewrap in which the same probe does reach the resource.
 */
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHILD_RUNTIME_PACKAGES, packageDirectory } from "../child-bundle";
import { createMemoryLimit } from "./memory-limit";
import { runSandboxed } from "./run-sandboxed";
import { buildSandboxCommand } from "./sandbox-command";

const REPOSITORY = fileURLToPath(new URL("../..", import.meta.url));
const SECRET = "postgres://runner:hunter2@127.0.0.1:5432/joulebench";

/** Runs inside the sandbox: tries every door and reports what happened, as one JSON line. */
const PROBE = String.raw`
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { lookup, Resolver } from "node:dns/promises";
const job = JSON.parse(readFileSync(process.argv[2] ?? "/job/probe.json", "utf8"));
const attempt = async (work) => { try { await work(); return "ok"; } catch (error) { return error.code ?? String(error); } };
const tcp = () => new Promise((resolve, reject) => {
  const socket = connect(job.tcpPort, "127.0.0.1", () => { socket.end(); resolve(); });
  socket.on("error", reject);
  socket.setTimeout(2000, () => { socket.destroy(); reject(Object.assign(new Error("timeout"), { code: "TIMEOUT" })); });
});
const resolver = new Resolver({ timeout: 1000, tries: 1 });
resolver.setServers(["127.0.0.1:" + job.dnsPort]);
const status = readFileSync("/proc/self/status", "utf8");
const field = (name) => new RegExp("^" + name + ":\\s*(.*)$", "m").exec(status)?.[1].trim();
console.log(JSON.stringify({
  env: process.env,
  uid: field("Uid"), gid: field("Gid"), capEff: field("CapEff"), capPrm: field("CapPrm"), capBnd: field("CapBnd"),
  cpus: field("Cpus_allowed_list"),
  tcp: await attempt(tcp),
  dnsToLocalServer: await attempt(() => resolver.resolve4("model-exfiltration.example")),
  dnsLookup: await attempt(() => lookup("registry.npmjs.org")),
  root: readdirSync("/").sort(),
  exists: Object.fromEntries(job.hostPaths.map((hostPath) => [hostPath, existsSync(hostPath)])),
  writeNewModelFile: await attempt(() => writeFileSync(job.modelDir + "/planted.txt", "x")),
  appendToModel: await attempt(() => appendFileSync(job.modelDir + "/model.onnx", "x")),
  writeJob: await attempt(() => writeFileSync(job.jobDir + "/planted.txt", "x")),
  // Only where the answer must be "no": the control run is the runner itself, on the host's real /usr and /tmp.
  writeUsr: job.sandboxed ? await attempt(() => writeFileSync("/usr/planted.txt", "x")) : "not tried",
  writeTmp: job.sandboxed ? await attempt(() => writeFileSync("/tmp/" + job.tmpMarker, "x")) : "not tried",
}));
`;

interface ProbeReport {
  env: Record<string, string>;
  uid: string;
  gid: string;
  capEff: string;
  capPrm: string;
  capBnd: string;
  cpus: string;
  tcp: string;
  dnsToLocalServer: string;
  dnsLookup: string;
  root: string[];
  exists: Record<string, boolean>;
  writeNewModelFile: string;
  appendToModel: string;
  writeJob: string;
  writeUsr: string;
  writeTmp: string;
}

let scratch: string;
let tcpServer: Server;
let tcpConnections = 0;
const dnsServer = createSocket("udp4");
let dnsQueries = 0;
const tmpMarker = `joulebench-probe-${process.pid}.txt`;
const hostPaths = [
  path.join(REPOSITORY, "package.json"),
  path.join(REPOSITORY, ".data"),
  "/etc/passwd",
  "/root",
  "/home",
  "/var",
];
const lastCore = os.availableParallelism() - 1;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-isolation-"));
  for (const dir of ["", "model", "job"]) await mkdir(path.join(scratch, dir), { recursive: true, mode: 0o755 });
  await chmod(scratch, 0o755);
  await writeFile(path.join(scratch, "probe.mjs"), PROBE, { mode: 0o644 });
  await writeFile(path.join(scratch, "model", "model.onnx"), "not really a model", { mode: 0o644 });
  tcpServer = createServer((socket) => {
    tcpConnections += 1;
    socket.end();
  });
  await new Promise<void>((resolve) => tcpServer.listen(0, "127.0.0.1", resolve));
  // Answers every query NXDOMAIN at once, so a control run does not wait for a timeout.
  dnsServer.on("message", (query, peer) => {
    dnsQueries += 1;
    const answer = Buffer.from(query);
    answer[2] = (answer[2] ?? 0) | 0x80;
    answer[3] = ((answer[3] ?? 0) & 0xf0) | 3;
    dnsServer.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => dnsServer.bind(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise((resolve) => tcpServer.close(resolve));
  dnsServer.close();
  await rm(scratch, { recursive: true, force: true });
});

function jobFor(sandboxed: boolean) {
  const tcpPort = (tcpServer.address() as { port: number }).port;
  const dnsPort = dnsServer.address().port;
  return {
    sandboxed,
    tcpPort,
    dnsPort,
    hostPaths,
    tmpMarker,
    modelDir: sandboxed ? "/model" : path.join(scratch, "model"),
    jobDir: sandboxed ? "/job" : path.join(scratch, "job"),
  };
}

/** The runner's own recipe: cgroup prefix, core pinning, bubblewrap with the child's mounts, the probe as the child. */
async function sandboxCommand(sandboxed: boolean, cores: number[]) {
  const job = jobFor(sandboxed);
  await writeFile(path.join(scratch, "job", "probe.json"), JSON.stringify(job), { mode: 0o644 });
  const memory = await createMemoryLimit(`isolation-test-${process.pid}`, 1024 * 2 ** 20);
  const command = buildSandboxCommand({
    nodePath: process.execPath,
    childScript: { hostPath: path.join(scratch, "probe.mjs"), sandboxPath: "/app/child.mjs" },
    mounts: [
      ...CHILD_RUNTIME_PACKAGES.map((name) => ({
        hostPath: packageDirectory(name),
        sandboxPath: `/app/node_modules/${name}`,
      })),
      { hostPath: path.join(scratch, "model"), sandboxPath: "/model" },
      { hostPath: path.join(scratch, "job"), sandboxPath: "/job" },
    ],
    cores,
    prefix: memory.prefix,
    unsafeNoSandbox: !sandboxed,
  });
  if (!sandboxed) command.args.push(path.join(scratch, "job", "probe.json"));
  return { command, memory };
}

async function probe(sandboxed: boolean, cores: number[] = []): Promise<ProbeReport> {
  const { command, memory } = await sandboxCommand(sandboxed, cores);
  const messages: unknown[] = [];
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = SECRET;
  try {
    const run = await runSandboxed({
      ...command,
      timeoutMs: 20_000,
      memoryCapBytes: 1024 * 2 ** 20,
      watchdog: memory.mechanism === "watchdog",
      onMessage: (message) => messages.push(message),
    });
    expect(run, run.stderrTail).toMatchObject({ exitCode: 0, timedOut: false });
  } finally {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    await memory.release();
  }
  expect(messages).toHaveLength(1);
  return messages[0] as ProbeReport;
}

describe("inside the sandbox", () => {
  let report: ProbeReport;
  let control: ProbeReport;
  const reached = { control: { tcpConnections: 0, dnsQueries: 0 }, sandboxed: { tcpConnections: 0, dnsQueries: 0 } };
  beforeAll(async () => {
    tcpConnections = 0;
    dnsQueries = 0;
    control = await probe(false);
    reached.control = { tcpConnections, dnsQueries };
    report = await probe(true, [lastCore]);
    reached.sandboxed = {
      tcpConnections: tcpConnections - reached.control.tcpConnections,
      dnsQueries: dnsQueries - reached.control.dnsQueries,
    };
  });

  it("has no network: a TCP server on the host's loopback is unreachable, and so is DNS", () => {
    // The control reached both of the test's servers; the sandboxed probe reached neither.
    expect(reached).toEqual({
      control: { tcpConnections: 1, dnsQueries: 1 },
      sandboxed: { tcpConnections: 0, dnsQueries: 0 },
    });
    expect(control.tcp).toBe("ok");
    expect(report.tcp).not.toBe("ok");
    expect(control.dnsToLocalServer).toBe("ENOTFOUND");
    expect(report.dnsToLocalServer).toMatch(/ECONNREFUSED|ETIMEOUT|ENETUNREACH/);
    expect(report.dnsLookup).not.toBe("ok");
  });

  it("starts with an empty environment: nothing of the runner's (DATABASE_URL) reaches it", () => {
    // bubblewrap itself sets PWD for --chdir; nothing else may be there.
    expect(Object.keys(report.env).filter((name) => name !== "PWD")).toEqual([]);
  });

  it("runs as uid and gid 65534 (nobody) with no capabilities", () => {
    expect(control.uid.split(/\s+/)[0]).not.toBe("65534");
    expect(report.uid.split(/\s+/)).toEqual(["65534", "65534", "65534", "65534"]);
    expect(report.gid.split(/\s+/)).toEqual(["65534", "65534", "65534", "65534"]);
    expect(BigInt(`0x${report.capEff}`)).toBe(0n);
    expect(BigInt(`0x${report.capPrm}`)).toBe(0n);
    expect(BigInt(`0x${report.capBnd}`)).toBe(0n);
  });

  it("sees only what is mounted: not the repository, not .data, not the host's /etc, /root, /home or /var", () => {
    expect(Object.values(control.exists)).toContain(true);
    expect(report.exists).toEqual(Object.fromEntries(hostPaths.map((hostPath) => [hostPath, false])));
    expect(report.root).toEqual(["app", "bin", "dev", "job", "lib", "lib64", "model", "proc", "tmp", "usr"]);
  });

  it("cannot write to the model, the job or /usr; /tmp is its own, and never the host's", () => {
    expect(control.writeNewModelFile).toBe("ok");
    expect(report.writeNewModelFile).toBe("EROFS");
    expect(report.appendToModel).toBe("EROFS");
    expect(report.writeJob).toBe("EROFS");
    expect(report.writeUsr).toBe("EROFS");
    expect(existsSync(path.join(scratch, "model", "planted.txt"))).toBe(true); // by the control run
    expect(report.writeTmp).toBe("ok");
    expect(existsSync(path.join("/tmp", tmpMarker))).toBe(false);
    expect(existsSync("/usr/planted.txt")).toBe(false);
  });

  it("is pinned to the cores it was given", () => {
    expect(report.cpus).toBe(String(lastCore));
    if (lastCore > 0) expect(control.cpus).not.toBe(String(lastCore));
  });
});

describe("the sandbox command on its own", () => {
  it("clears the environment even when started with the runner's whole environment", async () => {
    const { command, memory } = await sandboxCommand(true, []);
    try {
      const child = spawn(command.command, command.args, {
        env: { ...process.env, DATABASE_URL: SECRET },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
      const exitCode = await new Promise((resolve) => child.on("close", resolve));
      expect(exitCode).toBe(0);
      const report = JSON.parse(stdout) as ProbeReport;
      expect(Object.keys(report.env).filter((name) => name !== "PWD")).toEqual([]);
      expect(stdout).not.toContain("hunter2");
    } finally {
      await memory.release();
    }
  });
});
