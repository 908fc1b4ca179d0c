/**
 * The layers of the code map (README, "Code map"), checked on the import graph of the whole repository:
 *
 *   - lib/ is the library that app/ and runner/ share: no file in it imports app/, runner/, ops/ or tools/, and
 *     only its tests import test-support/;
 *   - app/ and runner/ are the product: outside their tests they import neither tools/ nor test-support/;
 *   - db/ imports nothing of ours outside its tests;
 *   - no module that a program run by Node loads (the runner, the launchers, tools, test support, e2e) imports
 *     "server-only": outside a React Server bundle that marker throws on import.
 *
 * The graph is read from the source text (static imports and exports, `import()`, `require()`, `vi.mock()`),
 * with relative and "@/" specifiers resolved to the top-level folder they land in.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCE_FOLDERS = ["app", "lib", "runner", "ops", "tools", "test-support", "db", "e2e"];

interface ImportEdge {
  from: string; // repository path of the importing file
  specifier: string;
  to: string; // top-level folder the specifier resolves to
}

const SPECIFIER =
  /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bvi\.mock\s*\(\s*|\bvi\.importActual(?:<[^>]*>)?\s*\(\s*)(["'])([^"'\n]+)\1/g;

function sourceFiles(folder: string): string[] {
  const absolute = path.join(ROOT, folder);
  if (!existsSync(absolute)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const child = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(child));
    else if (/\.(ts|tsx|mts|mjs|cjs)$/.test(entry.name)) files.push(child);
  }
  return files;
}

/** The top-level folder a specifier lands in, or undefined for a package or a path outside the repository. */
function targetFolder(fromFile: string, specifier: string): string | undefined {
  let target: string;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith("."))
    target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  else return undefined;
  if (target.startsWith("..")) return undefined;
  return target.split("/")[0];
}

function importEdges(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[2]!;
    const to = targetFolder(file, specifier);
    if (to !== undefined) edges.push({ from: file, specifier, to });
  }
  return edges;
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** Each broken rule, as "<file> imports <specifier> (<why>)". */
function brokenRules(edges: readonly ImportEdge[]): string[] {
  const broken: string[] = [];
  for (const edge of edges) {
    const top = edge.from.split("/")[0];
    const say = (why: string) => broken.push(`${edge.from} imports ${edge.specifier} (${why})`);
    if (top === "lib") {
      if (["app", "runner", "ops", "tools"].includes(edge.to)) say(`lib/ never imports ${edge.to}/`);
      if (edge.to === "test-support" && !isTest(edge.from)) say("only tests import test-support/");
    }
    if (
      (top === "app" || top === "runner") &&
      !isTest(edge.from) &&
      (edge.to === "tools" || edge.to === "test-support")
    ) {
      say(`${top}/ never imports ${edge.to}/ outside its tests`);
    }
    if (top === "db" && !isTest(edge.from) && edge.to !== "db") say("db/ imports nothing of ours");
  }
  return broken;
}

/** The repository file a specifier names, trying the extensions the bundler and tsx try. */
function resolveFile(fromFile: string, specifier: string): string | undefined {
  let target: string;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith("."))
    target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  else return undefined;
  for (const ending of ["", ".ts", ".tsx", "/index.ts"]) {
    const candidate = target + ending;
    if (existsSync(path.join(ROOT, candidate)) && /\.(ts|tsx|mts|mjs|cjs)$/.test(candidate)) return candidate;
  }
  return undefined;
}

// Programs Node runs through tsx, in the folders of the code map and in the folders they came from.
const NODE_PROGRAM =
  /^(runner|ops|tools|test-support|e2e|db|bench|lib\/ops|lib\/demo|lib\/baselines|lib\/testing)\/|\/testing\//;

describe("server-only", () => {
  it("is never loaded by a program that Node runs", () => {
    const all = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(folder)).concat(sourceFiles("bench"));
    const texts = new Map(all.map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")]));
    const markers = all.filter((file) => /^import "server-only";$/m.test(texts.get(file)!));
    expect(markers.length).toBeGreaterThan(0);
    const reached = new Map<string, string>(); // file -> the program that loads it
    const stack = all.filter((file) => NODE_PROGRAM.test(file) && !isTest(file)).map((file) => [file, file] as const);
    while (stack.length > 0) {
      const [file, program] = stack.pop()!;
      if (reached.has(file)) continue;
      reached.set(file, program);
      for (const match of (texts.get(file) ?? "").matchAll(SPECIFIER)) {
        const next = resolveFile(file, match[2]!);
        if (next !== undefined && !reached.has(next)) stack.push([next, program]);
      }
    }
    expect(
      markers.filter((file) => reached.has(file)).map((file) => `${file} (loaded by ${reached.get(file)})`),
    ).toEqual([]);
  });
});

describe("import rules", () => {
  it("flag each kind of backward import (the checker itself)", () => {
    const edges = [
      ...importEdges("lib/api/serve.ts", 'import { GET } from "../../app/api/health/route";'),
      ...importEdges("lib/data/x.ts", 'const m = await import("@/runner/main");'),
      ...importEdges("lib/data/y.ts", 'import { seed } from "../../test-support/competition-fixture";'),
      ...importEdges("lib/data/y.test.ts", 'import { seed } from "../../test-support/competition-fixture";'),
      ...importEdges("runner/main.ts", 'export { x } from "../tools/bench/x";'),
      ...importEdges("app/page.tsx", 'import "@/test-support/db/test-database";'),
      ...importEdges("db/client.ts", 'import { env } from "../lib/env";'),
      ...importEdges("app/page.tsx", 'import { z } from "zod"; import { a } from "../lib/a";'),
    ];
    expect(brokenRules(edges)).toEqual([
      "lib/api/serve.ts imports ../../app/api/health/route (lib/ never imports app/)",
      "lib/data/x.ts imports @/runner/main (lib/ never imports runner/)",
      "lib/data/y.ts imports ../../test-support/competition-fixture (only tests import test-support/)",
      "runner/main.ts imports ../tools/bench/x (runner/ never imports tools/ outside its tests)",
      "app/page.tsx imports @/test-support/db/test-database (app/ never imports test-support/ outside its tests)",
      "db/client.ts imports ../lib/env (db/ imports nothing of ours)",
    ]);
  });

  describe("in this repository", () => {
    // This file's own examples above are not imports.
    const files = SOURCE_FOLDERS.flatMap((folder) => sourceFiles(folder)).filter(
      (file) => file !== "lib/import-rules.test.ts",
    );
    const edges = files.flatMap((file) => importEdges(file, readFileSync(path.join(ROOT, file), "utf8")));

    it("reads the whole graph (so an empty one cannot pass)", () => {
      expect(edges.filter((edge) => edge.from.startsWith("app/") && edge.to === "lib").length).toBeGreaterThan(50);
      expect(edges.filter((edge) => edge.from.startsWith("runner/") && edge.to === "lib").length).toBeGreaterThan(50);
    });

    it("hold", () => {
      expect(brokenRules(edges)).toEqual([]);
    });
  });
});
