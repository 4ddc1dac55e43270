// `tplg-budget targets`: sweep every build target of SOF's CMake target lists, each resolved as
// SOF's build runs alsatplg and simulated on its platform, in parallel worker threads.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIRMWARE_MODELS } from '../../core/memory/models';
import { firmwareModelArg, parseArgs } from '../options';
import { clip, usageError, type CliCommand, type CliIo } from '../command';
import { cliProfiles } from '../profiles';
import { failOnOf, FORMATS, isFormat, type Format } from '../reportOptions';
import type { SweepJob } from '../sweep/job';
import { startPool } from '../sweep/pool';
import { progressBar } from '../sweep/progress';
import { readTargetLists } from '../sweep/targetLists';
import { sweepFailing, targetsJson, targetsMarkdown, targetsSarif, targetsText, type SweepReport } from '../targetsReport';
import { toolVersion } from '../version';
import { baselineArg, GATE_FLAGS, GATE_USAGE, ruleConfigArg, splitByBaseline, summaryOfNew, writeBaseline } from '../gateOptions';

const USAGE = `usage: tplg-budget targets <tplg-targets*.cmake>... [options]
  --filter <regex>       only targets whose output name or input file matches
  --jobs <n>             worker threads (default: available parallelism, ${os.availableParallelism()} here)
  --platform <id|auto>   platform profile; auto (default): each target's PLATFORM= define, else
                         the platform its name starts with (sof-<id>-...), else ptl
  --model <id>           firmware model: ${Object.keys(FIRMWARE_MODELS).join(', ')} (default current)
  --topology-dir <dir>   the topology2 folder (-I and config dir of every target; default: the
                         folder holding the list's production/ or development/ folder)
  --prepend <file>       read this file before every target, as SOF's build prepends its IPC4 ABI header
  --profiles <file>      extra profile YAML (default: .tplg-budget/profiles.yaml if present)
  --format <f>           ${FORMATS.join(' | ')} (default text: a summary table)
  --root <dir>           repository root that SARIF and Markdown locations are relative to (default .)
  --fail-on <level>      error (default) | warning: the lowest severity that fails a target
${GATE_USAGE}
exit codes: 0 every present target passes, 1 a target fails (or a list has errors), 2 usage error;
targets whose input file is missing are reported, not failed
`;

export const targetsCommand: CliCommand = {
  name: 'targets',
  summary: "check every build target of SOF's CMake target lists, in parallel; summary table",
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const p = parseArgs(args, { values: ['--filter', '--jobs', '--platform', '--model', '--topology-dir', '--profiles', '--format', '--root', '--fail-on', ...GATE_FLAGS], switches: [], many: true });
    if (typeof p === 'string') return usageError(p);
    if (p.topology.includeDirs.length || p.topology.defines.length || p.topology.configDir) usageError('-I, -D and --config-dir come from the target lists and --topology-dir');
    const lists = p.positionals;
    if (!lists.length) return usageError('no target list');
    const v = p.values;
    const format = v.get('--format') ?? 'text';
    if (!isFormat(format)) return usageError(`unknown format "${clip(format)}"`);
    const model = firmwareModelArg(v.get('--model'));
    const failOn = failOnOf(v.get('--fail-on'));
    if (!failOn) return usageError('--fail-on takes error or warning');
    const jobsText = v.get('--jobs');
    const jobs = jobsText === undefined ? os.availableParallelism() : Number(jobsText);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) return usageError('--jobs takes an integer 1..256');
    let filter: RegExp | undefined;
    try {
      filter = v.has('--filter') ? new RegExp(v.get('--filter') as string) : undefined;
    } catch (e) {
      return usageError(`--filter: ${(e as Error).message}`);
    }
    const prepend = p.topology.prepend ? path.resolve(io.cwd, p.topology.prepend) : undefined;
    if (prepend && !fs.existsSync(prepend)) return usageError(`--prepend ${p.topology.prepend}: no such file`);
    const topologyDir = v.has('--topology-dir') ? path.resolve(io.cwd, v.get('--topology-dir') as string) : undefined;
    if (topologyDir && !fs.existsSync(topologyDir)) return usageError(`--topology-dir ${v.get('--topology-dir')}: no such folder`);
    const rules = ruleConfigArg(io.cwd, v.get('--config'));
    const baseline = baselineArg(io.cwd, v.get('--baseline'));
    const root = path.resolve(io.cwd, v.get('--root') ?? '.');
    // The workers start up while the profiles and the lists are read.
    const pool = startPool(jobs);
    let report: SweepReport;
    try {
      const profiles = cliProfiles(io.cwd, v.get('--profiles'));
      if (typeof profiles === 'string') return usageError(profiles);
      for (const msg of profiles.problems) io.stderr(`tplg-budget targets: profile: ${msg}\n`);
      const { targets, listDiagnostics } = readTargetLists(lists, { cwd: io.cwd, topologyDir, filter, platform: v.get('--platform') ?? 'auto', profiles: profiles.profiles });
      const sweepJobs: SweepJob[] = [];
      targets.forEach((t, index) => {
        if (t.missing) return;
        const platform = profiles.profiles.find((x) => x.id === t.platform);
        sweepJobs.push({ index, input: t.inputPath, defines: t.defines, topologyDir: t.topologyDir, prepend, platform, model, rules });
      });
      const progress = io.stderrIsTTY && sweepJobs.length ? progressBar(sweepJobs.length, io.stderr) : undefined;
      const t0 = performance.now();
      const outcomes = await pool.run(sweepJobs, (o) => progress?.tick(targets[o.index].output));
      progress?.done();
      for (const o of outcomes) targets[o.index].outcome = o;
      const done = targets.filter((t) => t.outcome && !t.outcome.crashed);
      const writeTo = v.get('--write-baseline');
      if (writeTo !== undefined) {
        const problems = done.flatMap((t) => [...t.outcome!.findings, ...t.outcome!.diagnostics].map((problem) => ({ problem, target: t.output })));
        const n = writeBaseline(path.resolve(io.cwd, writeTo), problems, root);
        io.stderr(`tplg-budget: recorded ${n} problems of ${done.length} targets in the baseline ${writeTo}\n`);
        return 0;
      }
      if (baseline) {
        const splits = splitByBaseline(done.map((t) => ({ target: t.output, findings: t.outcome!.findings, diagnostics: t.outcome!.diagnostics })), baseline, root);
        done.forEach((t, i) => {
          const o = t.outcome!;
          const split = splits[i];
          t.outcome = { ...o, findings: split.findings, diagnostics: split.diagnostics, baselined: split.unchanged, summary: o.summary && summaryOfNew(o.summary, split, t.inputPath) };
        });
      }
      report = {
        lists: lists.map((l) => path.resolve(io.cwd, l)),
        listDiagnostics,
        targets,
        failOn,
        model,
        jobs,
        seconds: (performance.now() - t0) / 1000,
      };
    } finally {
      pool.close();
    }
    const render: Record<Format, () => string> = {
      text: () => targetsText(report, io.cwd),
      json: () => targetsJson(report),
      markdown: () => targetsMarkdown(report, root),
      sarif: () => targetsSarif(report, root, toolVersion()),
    };
    io.stdout(render[format]());
    return sweepFailing(report) ? 1 : 0;
  },
};
