// Bundles the compiled CLI (dist/src/cli/main.js, from tsc) into dist/cli/: one file for the
// start of every command (with commander inside) and one chunk per lazily loaded command
// module, so that `ce-nas hv` reads a few files instead of resolving and loading some thirty
// modules one by one. Other npm packages stay external (loaded from node_modules as before).
// esbuild's output depends only on its input and options, so the build stays reproducible.
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/cli`;
rmSync(outdir, { recursive: true, force: true });

/** Bare imports other than commander (and node: built-ins) are left to Node's resolution. */
const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path === 'commander' ? undefined : { path: args.path, external: true }));
  },
};

/**
 * commander loads node:child_process at start for its executable sub-commands, which ce-nas
 * has none of; with it Node loads net, dgram and the stream machinery (about 10 ms of a
 * 200 ms `ce-nas hv`). Here it is loaded on first use instead. The build fails if commander's
 * line changes, rather than silently losing this.
 */
const CHILD_PROCESS_LINE = "const childProcess = require('node:child_process');";
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(CHILD_PROCESS_LINE)) throw new Error(`bundle-cli: ${args.path} no longer has \`${CHILD_PROCESS_LINE}\`; update lazyChildProcess`);
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(CHILD_PROCESS_LINE, lazy), loader: 'js' };
    });
  },
};

// commander is CommonJS: its require() of Node's built-ins goes through esbuild's `__require`,
// which needs a real `require` in the chunk that defines it; only there (each createRequire
// costs a path resolution, so the other chunks go without).
const REQUIRE_BANNER = "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);\n";

const result = await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [externalPackages, lazyChildProcess],
  write: false,
});
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, /\bvar __require\s*=/.test(file.text) ? REQUIRE_BANNER + file.text : file.text);
}

// `ce-nas hv` and `ranks` (bin/ce-nas.js picks by the command's name): one CommonJS file with
// main.js, commander and the Pareto commands, the other commands left out (their modules are
// never loaded for hv and ranks: see buildProgram). A CommonJS entry spares Node its ES module
// loader (about 15 ms of CPU time at start on this project's machine) and the dozen chunk files.
const otherCommandsLeftOut = {
  name: 'other-commands-left-out',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/commands\// }, (args) => (args.path === './commands/pareto.js' ? undefined : { path: args.path, external: true }));
  },
};
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: `${outdir}/pareto.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [otherCommandsLeftOut, externalPackages, lazyChildProcess],
  // import.meta does not exist in CommonJS; packageFile() walks up from the file's own URL.
  define: { 'import.meta.url': 'importMetaUrlOfBundle' },
  banner: { js: "const importMetaUrlOfBundle = require('node:url').pathToFileURL(__filename).href;" },
});
