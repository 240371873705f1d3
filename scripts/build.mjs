#!/usr/bin/env node
// Builds dist/ from src/ with esbuild (types are checked by `npm run typecheck`, not here).
// Bundled ES modules instead of one compiled file per source file: Node's module loader pays for
// every file it resolves, reads, compiles and links, ~70 of them in `funnel report quota`.
// Splitting keeps each command group, and each command, in chunks of its own, loaded only when
// that command runs, as src/program.ts and the groups' own lazy imports intend.
//
// The layout keeps the depth of src/ for code that reads files relative to import.meta.url:
//   dist/main.js         src/main.ts, which reads ../package.json
//   dist/chunks/*.js     all the rest, two levels down like src/<dir>/*.ts: the demo's
//                        ../../fixtures/demo/, and the worker threads' entry points beside the
//                        chunk that starts them (new URL("./import-worker.js", import.meta.url))
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const root = new URL("..", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));
// Bundled: commander (CommonJS, seven files to resolve) and chalk (four ES modules) are in the
// start-up path of most commands. Every other package loads from node_modules as before, and only
// where a command needs it: the native SQLite drivers and the PostgreSQL client must stay there.
const bundled = ["commander", "chalk"];
const external = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }).filter(
  (name) => !bundled.includes(name),
);

rmSync(new URL("dist", root), { recursive: true, force: true });
await build({
  absWorkingDir: new URL(root).pathname,
  entryPoints: {
    main: "src/main.ts",
    // Files that code loads by path from import.meta.url, each an entry point of its own.
    "chunks/import-worker": "src/import/import-worker.ts",
    "chunks/row-reader-worker": "src/import/row-reader-worker.ts",
    // What scripts/generate-report-db.mjs builds its bench databases with (the same SQL).
    "chunks/script-lead-stages-sql": "src/store/lead-stages-sql.ts",
    "chunks/script-sqlite-driver": "src/store/sqlite/driver.ts",
  },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  // Commander's require() of Node's own modules, in an ES module: esbuild calls this require.
  banner: {
    js: 'import { createRequire as createRequireOfBundle } from "node:module"; const require = createRequireOfBundle(import.meta.url);',
  },
  // Less text for V8 to scan at each start (comments, whitespace); names are kept.
  minifyWhitespace: true,
  minifySyntax: true,
  // FUNNEL_DEBUG's traces of internal errors name src/ files (bin/funnel turns the maps on then).
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
});
