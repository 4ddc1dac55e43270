// Preloaded into a benchmarked process (`node -r peakRss.js ...`): when it exits, writes its peak
// resident set (every thread's memory: the main thread and its workers) in KiB to the file named
// by TPLG_BENCH_PEAK_RSS, so the bench measures what a CI runner sees without an external tool.
import * as fs from 'node:fs';

const file = process.env.TPLG_BENCH_PEAK_RSS;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
