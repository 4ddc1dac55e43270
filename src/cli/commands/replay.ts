// `tplg-budget replay`: run raw vpage/vregion operations from a JSON trace on the model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replayTrace } from '../../core/memory/replay';
import { usageError, type CliCommand, type CliIo } from '../command';

const USAGE = `usage: tplg-budget replay <trace.json> [--json]
  trace: {"pageSize"?, "totalPages"? (64), "maxAllocs"?, "physicalPages"?, "baseAddress"? (0x10000000),
          "compactionDefect"? (true: SOF main's vpage.c; false: the intended compaction),
          "ops": [{"op":"create","id":"r","bytes":12288},
                  {"op":"alloc","region":"r","bytes":6000,"align":16,"as":"a"},
                  {"op":"set_interim","region":"r"}, {"op":"free","region":"r","ptr":"a"},
                  {"op":"get"|"put","region":"r"}, {"op":"create_split","id":"s","lifetimeBytes":4096,"interimBytes":24576},
                  {"op":"vpage_alloc","pages":3,"as":"p"}, {"op":"vpage_free","ptr":"p"}]}
exit codes: 0 every op succeeded, 1 some op failed, 2 usage error or unreadable trace
`;

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'replay raw vpage/vregion operations on the firmware model (what-if traces)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const files = args.filter((a) => !a.startsWith('-'));
    const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
    if (files.length !== 1 || unknown.length) usageError(unknown.length ? `unknown option ${unknown[0]}` : 'expected one <trace.json>');
    let trace: unknown;
    try {
      trace = JSON.parse(fs.readFileSync(path.resolve(io.cwd, files[0]), 'utf8'));
    } catch (e) {
      io.stderr(`replay: ${files[0]}: ${(e as Error).message}\n`);
      return 2;
    }
    const out = replayTrace(trace);
    if (out.error) {
      io.stderr(`replay: ${out.error}\n`);
      return 2;
    }
    if (args.includes('--json')) io.stdout(JSON.stringify({ results: out.results }, null, 2) + '\n');
    else {
      out.results.forEach((r, i) => {
        const detail = [
          r.ptr && `ptr ${r.ptr}`,
          r.pages !== undefined && `pages ${r.pages}`,
          r.cost !== undefined && `cost ${r.cost}`,
          r.lifetimeUsed !== undefined && (r.firmwareLifetimeUsed === undefined ? `lifetime ${r.lifetimeUsed}` : `lifetime.used ${r.firmwareLifetimeUsed} (firmware; objects ${r.lifetimeUsed})`),
          r.interimSize !== undefined && `interim ${r.interimSize}`,
          r.error,
        ].filter(Boolean);
        io.stdout(`${String(i).padStart(3)} ${r.op.padEnd(12)} ${r.ok ? 'ok  ' : 'FAIL'} ${detail.join(', ')}\n`);
        for (const l of r.log) io.stdout(`      | ${l}\n`);
        for (const w of r.warnings ?? []) io.stdout(`      ! ${w}\n`);
      });
    }
    return out.results.every((r) => r.ok) ? 0 : 1;
  },
};
