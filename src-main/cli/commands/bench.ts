import { readdirSync } from 'node:fs';
import type { BenchFigure } from '../bench/figure.ts';
import type { Command } from '../command.ts';

const benchDir = new URL('../bench/', import.meta.url);

/** Every module in cli/bench (but the shared helper) exports `run(): BenchFigure[]`. */
export const benchCommand: Command = {
  name: 'bench',
  usage: 'bench [FILTER]',
  summary: 'run the benchmarks and print one `name: value unit` line per figure',
  async run(args) {
    const filter = args[0];
    const files = readdirSync(benchDir)
      .filter((f) => f.endsWith('.ts') && f !== 'figure.ts' && !f.endsWith('.test.ts'))
      .filter((f) => filter === undefined || f.includes(filter))
      .sort();
    for (const file of files) {
      const module = (await import(new URL(file, benchDir).href)) as { run(): BenchFigure[] | Promise<BenchFigure[]> };
      for (const figure of await module.run()) {
        const value = figure.value >= 100 ? Math.round(figure.value) : Number(figure.value.toPrecision(3));
        process.stdout.write(`${figure.name}: ${value} ${figure.unit}\n`);
      }
    }
    return 0;
  },
};
