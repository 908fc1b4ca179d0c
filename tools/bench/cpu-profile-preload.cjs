/**
 * Preloaded into the web processes by `npm run bench:web -- --profile DIR` (through NODE_OPTIONS=--require, since
 * Node 20 refuses --cpu-prof there): profiles the whole process with the inspector and writes
 * DIR/<pid>.cpuprofile when it exits.
 */
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");

const directory = process.env.JOULEBENCH_CPU_PROFILE_DIR;
if (directory) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  // 1 ms sampling (V8's default is about 1 ms too); finer costs the server more than it tells.
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  process.on("exit", () => {
    // An in-process session answers synchronously, so the profile is written before the process is gone.
    session.post("Profiler.stop", (error, result) => {
      if (!error) fs.writeFileSync(path.join(directory, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
