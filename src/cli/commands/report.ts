/** `ce-nas report DIR`: an offline HTML report and CSV tables for a simulate or sweep folder. */

import type { Command } from 'commander';
import { writeReport } from '../../report/report.js';
import type { CliIo } from '../io.js';

export function registerReportCommand(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('write DIR/report.html (self-contained, opens offline) and DIR/report/*.csv for a ce-nas simulate or sweep folder')
    .argument('<DIR>', 'a results folder of ce-nas simulate or ce-nas sweep')
    .action(async (dir: string) => {
      const report = await writeReport(dir);
      io.stdout(`wrote ${report.htmlFile} (${report.charts} charts) and ${report.tables.length} tables in ${dir}/report/\n`);
    });
}
