// Bundles the compiled CLI (dist/src/cli/main.js, from tsc) into dist/cli/: one file for the
// start of every command (with commander inside) and one chunk per lazily loaded command
// module, so that `ce-nas hv` reads a few files instead of resolving and loading some thirty
// modules one by one. Other npm packages stay external (loaded from node_modules as before).
// esbuild's output depends only on its input and options, so the build stays reproducible.
import { rmSync } from 'node:fs';
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

await build({
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
  plugins: [externalPackages],
  // commander is CommonJS: its require() of Node's built-ins needs a real `require`.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
});
