import { runCli } from '/work/main/src/cli/main.ts';
process.exitCode = await runCli(process.argv.slice(2));
