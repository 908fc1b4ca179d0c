/** An uploaded task's hidden audit split leaves the site no more than its test split does. */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test-support/db/test-database";
import { createUploadedTask } from "../data/tasks";
import { createCompetitionWorld } from "../../test-support/data/competition-world";
import { createTrack } from "../data/tracks";
import { LocalArtifactStore } from "../storage/local-store";
import { exportCompetition } from "./export";
import { openCompetitionZip } from "./zip-reader";

const testDb = useTestDatabase();
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "audit-export-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const spec = (file: string) => ({
  path: file,
  format: "tsv",
  header: true,
  columns: { sentence: "sentence", label: "label" },
  labelMap: { "0": "negative", "1": "positive" },
});
const contents: Record<string, string> = {
  "tiny/test.tsv": "sentence\tlabel\ngreat fun\t1\ndull and long\t0\n",
  "tiny/dev.tsv": "sentence\tlabel\nlovely\t1\nawful\t0\n",
  "tiny/audit.tsv": "sentence\tlabel\nsuch fun , and great\t1\nlong and so dull\t0\n",
};

describe("exporting a competition whose task has an audit split", () => {
  it("withholds the audit file on the web, as it withholds the test file", async () => {
    const store = new LocalArtifactStore(path.join(folder, "store"));
    const world = await createCompetitionWorld(testDb.db);
    const slug = `audited-${Date.now()}`;
    const definition = {
      slug,
      title: "Audited sentiment",
      inputFields: ["sentence"],
      labels: ["negative", "positive"],
      metrics: ["accuracy"],
      splits: {
        test: spec("tiny/test.tsv"),
        dev: spec("tiny/dev.tsv"),
        audit: { ...spec("tiny/audit.tsv"), maxScoreGap: 0.15 },
      },
      source: { description: "Made up for a test", url: "https://example.com/tiny" },
    };
    const files = {
      paths: new Set(Object.keys(contents)),
      open: async (name: string) => Readable.from([contents[name]!]),
    };
    const task = await createUploadedTask(testDb.db, store, world.organizerId, world.competition.id, definition, files);
    await createTrack(testDb.db, world.organizerId, world.competition.id, {
      title: "Audited",
      taskId: task.id,
      hardwareProfileId: "cpu-2t",
    });

    const { stream } = await exportCompetition(testDb.db, store, world.organizerId, world.competition.slug);
    const exported = path.join(folder, "web.zip");
    await pipeline(stream, createWriteStream(exported));
    const { zip } = await openCompetitionZip(exported);
    const names = [...zip!.names];
    zip!.close();
    expect(names).toContain(`tasks/${slug}/data/tiny/dev.tsv`);
    expect(names).not.toContain(`tasks/${slug}/data/tiny/test.tsv`);
    expect(names).not.toContain(`tasks/${slug}/data/tiny/audit.tsv`);
  });
});
