// Every SRC case (each coefficient variant, each rate pair of its tables, 1-8 channels, several
// periods) through SOF's own src_common.c with the real tables, against our SRC cost breakdown
// (src/core/memory/costModels/src.ts).
import { srcCost, srcPeriodFrames } from '../../src/core/memory/costModels/src';
import { SRC_TABLES } from '../../src/core/memory/src-tables.generated';
import { buildSrcHarness } from './build';
import { runHarness } from './run';

export const SRC_PERIODS_US = [1000, 2000, 4000, 5000, 10000];
const CHANNELS = [1, 2, 3, 4, 5, 6, 7, 8];

export type SrcDiffResult =
  | { ok: true; cases: number; differences: number; first?: string; variants: string[] }
  | { ok: false; skip: boolean; why: string };

const MODE = ['copy', 'one_stage', 'two_stage'];

export function compareSrcCases(variants = Object.keys(SRC_TABLES)): SrcDiffResult {
  let cases = 0;
  let differences = 0;
  let first: string | undefined;
  const differ = (what: string) => {
    differences++;
    first ??= what;
  };
  for (const variant of variants) {
    const built = buildSrcHarness(variant);
    if (!built.ok) return built;
    const ours = SRC_TABLES[variant];
    const rates = runHarness(built.exe, ['rates']).results[0]?.r as unknown as { in: number[]; out: number[] } | undefined;
    if (!rates) return { ok: false, skip: false, why: `fw-src-${variant} printed no rate lists` };
    if (rates.in.join() !== ours.inRates.join() || rates.out.join() !== ours.outRates.join()) {
      differ(`${variant}: rate lists differ: firmware in ${rates.in} out ${rates.out}, model in ${ours.inRates} out ${ours.outRates}`);
    }
    const keys: Array<[number, number, number, number]> = [];
    for (const inRate of rates.in) for (const outRate of rates.out) for (const ch of CHANNELS) for (const p of SRC_PERIODS_US) keys.push([inRate, outRate, ch, p]);
    const run = runHarness(built.exe, keys.map(([i, o, ch, p]) => `c ${i} ${o} ${ch} ${srcPeriodFrames(o, p)}`));
    if (run.failure || run.results.length !== keys.length) return { ok: false, skip: false, why: `fw-src-${variant}: ${run.failure ?? 'missing results'}` };
    keys.forEach(([inRate, outRate, ch, p], i) => {
      cases++;
      const f = run.results[i].r as unknown as Record<string, number> & { allocs: number[]; fastGets: number[] };
      const m = srcCost(variant, inRate, outRate, ch, p);
      const what: string[] = [];
      const fwSupported = f.stage === 2;
      if (fwSupported !== !!m) what.push(`supported: firmware ${fwSupported} (stops at step ${f.stage}, ret ${f.ret}), model ${!!m}`);
      if (m && fwSupported) {
        const fwFails = f.stages < 0;
        if (fwFails !== m.exceedsDelayLimits) what.push(`rejected at prepare: firmware ${fwFails}, model ${m.exceedsDelayLimits}`);
        if (!fwFails && MODE[f.stages] !== m.mode) what.push(`mode: firmware ${MODE[f.stages]}, model ${m.mode}`);
        const pairs: Array<[string, number, number]> = [
          ['sink frames', f.sinkFrames, m.sinkFrames],
          ['source frames', f.sourceFrames, m.sourceFrames],
          ['sbuf words', f.sbufLength, m.sbufWords],
          ['delay words (total)', f.total, m.delayWords],
          ['delay_lines bytes', f.allocs[1], m.delayLinesBytes],
          ['stage copies bytes (32-bit struct src_stage x2)', 2 * f.stageStructBytes, m.stageBytes],
          ['stage 1 coefficient bytes', f.fastGets[0], m.coefs[0].bytes],
          ['stage 2 coefficient bytes', f.fastGets[1], m.coefs[1].bytes],
        ];
        for (const [name, a, b] of pairs) if (a !== b) what.push(`${name}: firmware ${a}, model ${b}`);
      }
      if (what.length) differ(`${variant} ${inRate} -> ${outRate} Hz, ${ch} ch, ${p} us: ${what.join('; ')}`);
    });
  }
  return { ok: true, cases, differences, first, variants };
}



