#!/usr/bin/env node
// `npx joulebench ...`: loads the TypeScript CLI through tsx, which is one of Joulebench's dependencies.
import { register } from "tsx/esm/api";

register();
await import("./cli.ts");
