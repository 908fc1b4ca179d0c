import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computeBuildStamp, staleBuildStamp, writeBuildStamp } from "./build-stamp";

let root: string;

async function put(relative: string, contents: string) {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), contents);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "joulebench-stamp-"));
  await put("app/page.tsx", "export default function Page() { return null }");
  await put("lib/rank.ts", "export const rank = 1;");
  await put("next.config.js", "export default {};");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("computeBuildStamp", () => {
  it("is stable while nothing changes", async () => {
    expect(await computeBuildStamp(root)).toBe(await computeBuildStamp(root));
  });

  it("changes when a source file changes, appears or is renamed", async () => {
    const original = await computeBuildStamp(root);
    await put("lib/rank.ts", "export const rank = 2;");
    const edited = await computeBuildStamp(root);
    expect(edited).not.toBe(original);

    await put("app/teams/page.tsx", "export default function Teams() { return null }");
    const added = await computeBuildStamp(root);
    expect(added).not.toBe(edited);

    await rm(path.join(root, "app/teams/page.tsx"));
    await put("app/team/page.tsx", "export default function Teams() { return null }");
    expect(await computeBuildStamp(root)).not.toBe(added);
  });

  it("changes when a root config file changes", async () => {
    const original = await computeBuildStamp(root);
    await put("next.config.js", "export default { poweredByHeader: false };");
    expect(await computeBuildStamp(root)).not.toBe(original);
  });

  it("ignores tests and files outside the build inputs", async () => {
    const original = await computeBuildStamp(root);
    await put("lib/rank.test.ts", "it('ranks', () => {});");
    await put("runner/main.ts", "console.log('runner');");
    await put("test-support/db/global-setup.ts", "export default 1;");
    expect(await computeBuildStamp(root)).toBe(original);
  });
});

describe("staleBuildStamp", () => {
  it("asks for a build until one is recorded, then only after a change", async () => {
    await put(".next/BUILD_ID", "abc");
    const needed = await staleBuildStamp(root);
    expect(needed).toBeDefined();

    await writeBuildStamp(root, needed!);
    expect(await staleBuildStamp(root)).toBeUndefined();

    await put("lib/rank.ts", "export const rank = 3;");
    expect(await staleBuildStamp(root)).toBeDefined();
  });

  it("asks for a build when .next holds no finished production build", async () => {
    await mkdir(path.join(root, ".next"), { recursive: true });
    await writeBuildStamp(root, await computeBuildStamp(root));
    // No BUILD_ID: a `next dev` folder or an interrupted build.
    expect(await staleBuildStamp(root)).toBeDefined();
  });
});
