import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cliText } from '../../domain/ansvarsmatris/messages.js';
import { parseArgs } from '../context.js';
import type { CliCommand } from './index.js';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Exportera nuvarande data som CSV eller XLSX',
  async run(args, ctx) {
    const { options } = parseArgs(args);
    const format = typeof options.format === 'string' ? options.format.toLowerCase() : 'csv';
    if (format !== 'csv' && format !== 'xlsx') {
      ctx.err(cliText.badFormat(format));
      return 2;
    }
    const dir = typeof options.out === 'string' ? options.out : '.';
    const service = await ctx.ansvar();
    const files = format === 'csv' ? await service.exportCsv() : [await service.exportXlsx()];
    await mkdir(dir, { recursive: true });
    const written: string[] = [];
    for (const f of files) {
      const path = join(dir, f.name);
      await writeFile(path, f.data);
      written.push(path);
    }
    ctx.out(cliText.exported(written));
    return 0;
  },
};
