import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runners } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { unservedProfile, unservedProfiles } from "./runner-coverage";

const testDb = useTestDatabase();

describe("which profiles no live runner serves", () => {
  it("says, for a profile without a live runner, what a host for it needs", async () => {
    expect((await unservedProfiles(testDb.db)).map((profile) => profile.id)).toEqual(["cpu-1t", "cpu-2t", "gpu"]);
    const gpu = await unservedProfile(testDb.db, "gpu");
    expect(gpu?.howToServe).toContain(
      "ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js",
    );
    expect(gpu?.howToServe).toContain("CUDA 12 and cuDNN 9");
    expect(gpu?.howToServe).toContain("RUNNER_PROFILES=gpu");
    expect((await unservedProfile(testDb.db, "cpu-2t"))?.howToServe).toContain("2 free cores");
  });

  it("counts only runners with a recent heartbeat that have not stopped", async () => {
    const base = { hostname: "host", version: "test", fingerprint: {} };
    await testDb.db.insert(runners).values([
      { ...base, id: "live", hardwareProfileIds: ["cpu-1t"] },
      { ...base, id: "silent", hardwareProfileIds: ["cpu-2t"], lastHeartbeatAt: sql`now() - interval '5 minutes'` },
      { ...base, id: "stopped", hardwareProfileIds: ["gpu"], stoppedAt: new Date() },
    ]);
    expect(await unservedProfile(testDb.db, "cpu-1t")).toBeNull();
    expect((await unservedProfiles(testDb.db)).map((profile) => profile.id)).toEqual(["cpu-2t", "gpu"]);
  });
});
