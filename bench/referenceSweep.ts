// A sweep of the reference compiler, as SOF's build runs it: `alsatplg -P` on every target, the
// ABI header prepended to its top-level file, `jobs` processes at a time. Run by bench/sweep.ts as
// a process of its own, `node referenceSweep.js <plan.json>`; prints {"ms", "failed"} as JSON.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ReferencePlan {
  alsatplg: string;
  topologyDir: string;
  /** The header prepended to each top-level file. */
  prepend: string;
  jobs: number;
  targets: Array<{ input: string; defines: string }>;
}

async function sweep(plan: ReferencePlan): Promise<{ ms: number; failed: number }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-ref-sweep-'));
  try {
    // Each top-level file with the header, written once: SOF's build writes one per target, but
    // that copy is not what is being compared.
    const header = fs.readFileSync(plan.prepend, 'latin1');
    const inputs = new Map<string, string>();
    for (const t of plan.targets) {
      if (inputs.has(t.input)) continue;
      const p = path.join(tmp, `in-${inputs.size}.conf`);
      fs.writeFileSync(p, header + fs.readFileSync(t.input, 'latin1'), 'latin1');
      inputs.set(t.input, p);
    }
    let next = 0;
    let failed = 0;
    const env = { ...process.env, ALSA_CONFIG_DIR: plan.topologyDir };
    const lane = async (n: number): Promise<void> => {
      for (let i = next++; i < plan.targets.length; i = next++) {
        const t = plan.targets[i];
        // The defines as SOF's build passes them to alsatplg: without the plugin list.
        const defines = t.defines.split(',').filter((d) => d && !d.startsWith('PREPROCESS_PLUGINS=')).join(',');
        const args = ['-P', inputs.get(t.input)!, '-o', path.join(tmp, `out-${n}.conf`), '-I', plan.topologyDir, ...(defines ? ['-D', defines] : [])];
        const code = await new Promise<number | null>((resolve) => {
          const p = spawn(plan.alsatplg, args, { stdio: 'ignore', env });
          p.on('error', () => resolve(-1));
          p.on('exit', resolve);
        });
        if (code !== 0) failed++;
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: plan.jobs }, (_, n) => lane(n)));
    return { ms: performance.now() - t0, failed };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as ReferencePlan;
  void sweep(plan).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
}
