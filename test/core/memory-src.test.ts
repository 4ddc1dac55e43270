// SRC cost model against the spec's worked examples (§4.6) and, when ../shared is present, against
// the extracted tables for every rate pair; also checks the generated module is up to date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { srcCost, srcDpPeriodUs, srcModeOf, srcVariant } from '../../src/core/memory/costModels/src';
import { renderSrcTables } from '../../scripts/gen-src-tables';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const shared = process.env.TPLG_SHARED ?? path.resolve(repoRoot, '..', 'shared');
const jsonPath = path.join(shared, 'spec', 'src-conversions.json');

// variant, in, out, ch, mode, source/sink frames, sbuf words, delay_lines bytes, coef s1+s2 (spec §4.6)
const WORKED: Array<[string, number, number, number, string, number, number, number, number, number, number]> = [
  ['ipc4_int32', 48000, 44100, 2, 'two_stage', 52, 48, 282, 9144, 5040, 3360],
  ['ipc4_int32', 44100, 48000, 2, 'two_stage', 44, 48, 252, 3656, 3584, 4800],
  ['ipc4_int32', 11025, 48000, 2, 'two_stage', 11, 48, 144, 14512, 15360, 2240],
  ['ipc4_int32', 11025, 48000, 8, 'two_stage', 11, 48, 576, 58048, 15360, 2240],
  ['std_int32', 11025, 48000, 2, 'two_stage', 11, 48, 144, 14224, 11264, 1920],
  ['lite_int32', 44100, 48000, 8, 'two_stage', 44, 48, 1008, 14112, 3072, 4800],
  ['lite_int32', 44100, 16000, 8, 'two_stage', 44, 16, 536, 24064, 2240, 6912],
  ['lite_int32', 48000, 16000, 8, 'one_stage', 48, 16, 0, 7680, 944, 4],
  ['ipc4_int32', 48000, 48000, 2, 'copy', 48, 48, 0, 24, 4, 4],
];

test('SRC delay lines and coefficient sizes match the worked examples of spec §4.6', () => {
  for (const [variant, inRate, outRate, ch, mode, src, sink, sbuf, delay, c1, c2] of WORKED) {
    const c = srcCost(variant, inRate, outRate, ch, 1000);
    assert.ok(c, `${variant} ${inRate}->${outRate}`);
    const label = `${variant} ${inRate}->${outRate} x${ch}`;
    assert.equal(c.mode, mode, label);
    assert.deepEqual([c.sourceFrames, c.sinkFrames, c.sbufWords, c.delayLinesBytes], [src, sink, sbuf, delay], label);
    assert.deepEqual(c.coefs.map((x) => x.bytes), [c1, c2], label);
    assert.equal(c.stageBytes, 80);
  }
});

test('coefficient copies above 2048 bytes are shared and page-rounded', () => {
  const c = srcCost('ipc4_int32', 48000, 44100, 2, 1000);
  assert.deepEqual(c?.coefs.map((x) => [x.placement, x.allocBytes]), [['shared', 8192], ['shared', 4096]]);
  const copy = srcCost('ipc4_int32', 48000, 48000, 2, 1000);
  assert.deepEqual(copy?.coefs.map((x) => [x.placement, x.allocBytes]), [['private', 4], ['private', 4]]);
});

test('unsupported pairs of the ipc4 table (spec §4.7)', () => {
  const v = srcVariant('ipc4_int32');
  assert.ok(v);
  assert.equal(srcModeOf(v, 11025, 11025), 'unsupported');
  assert.equal(srcModeOf(v, 18900, 8000), 'unsupported');
  assert.equal(srcModeOf(v, 44100, 44100), 'copy');
  assert.equal(srcModeOf(v, 12345, 48000), 'unsupported');
  assert.equal(srcCost('ipc4_int32', 22050, 22050, 2, 1000), undefined);
});

test('DP SRC period is whole milliseconds of the sink free space (src_ipc4.c:103-118)', () => {
  assert.equal(srcDpPeriodUs(384, 8, 48000), 1000);
  assert.equal(srcDpPeriodUs(96, 8, 11025), 1000);
  assert.equal(srcDpPeriodUs(768, 8, 48000), 2000);
  assert.equal(srcDpPeriodUs(192, 8, 48000), 0);
});

test('every supported pair of every variant agrees with the extracted tables', (t) => {
  if (!fs.existsSync(jsonPath)) {
    t.skip(`!!! SKIPPED: ${jsonPath} not found (set TPLG_SHARED to the shared corpus) !!!`);
    return;
  }
  interface Conv {
    in_rate: number;
    out_rate: number;
    mode: string;
    fast_get_bytes_stage1?: number;
    fast_get_bytes_stage2?: number;
    delay_words_per_channel_excl_sbuf?: number;
  }
  const j = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as { variants: Record<string, { conversions: Conv[] }> };
  let checked = 0;
  for (const [id, v] of Object.entries(j.variants)) {
    const table = srcVariant(id);
    assert.ok(table, id);
    for (const c of v.conversions) {
      assert.equal(srcModeOf(table, c.in_rate, c.out_rate), c.mode, `${id} ${c.in_rate}->${c.out_rate}`);
      if (c.mode === 'unsupported') continue;
      const cost = srcCost(id, c.in_rate, c.out_rate, 1, 1000);
      assert.ok(cost);
      assert.deepEqual(cost.coefs.map((x) => x.bytes), [c.fast_get_bytes_stage1, c.fast_get_bytes_stage2]);
      assert.equal(cost.delayWords - cost.sbufWords, c.delay_words_per_channel_excl_sbuf);
      checked++;
    }
  }
  assert.ok(checked > 200);
});

test('src-tables.generated.ts is what scripts/gen-src-tables.ts produces', (t) => {
  if (!fs.existsSync(jsonPath)) {
    t.skip(`!!! SKIPPED: ${jsonPath} not found (set TPLG_SHARED to the shared corpus) !!!`);
    return;
  }
  const generated = fs.readFileSync(path.join(repoRoot, 'src', 'core', 'memory', 'src-tables.generated.ts'), 'utf8');
  assert.equal(generated, renderSrcTables(fs.readFileSync(jsonPath, 'utf8')), 'rerun: npx tsc -p . && node out/scripts/gen-src-tables.js');
});
