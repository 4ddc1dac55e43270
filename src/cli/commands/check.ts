// `tplg-budget check`: resolve and simulate one topology, report every problem in a format for
// people (compiler lines), pull requests (Markdown), scripts (JSON) or code scanning (SARIF),
// and fail when there is an error.
import * as path from 'node:path';
import { analyzeTarget } from '../../core/analyze';
import { oneShotStore } from '../store';
import { FIRMWARE_MODELS } from '../../core/memory/models';
import { choosePlatform } from '../../core/targets/platform';
import { checkJson, checkMarkdown, checkSarif, checkText, type CheckReport } from '../checkReport';
import { clip, usageError, type CliCommand, type CliIo } from '../command';
import { parseArgs, resolveOptionsFrom, TOPOLOGY_USAGE, firmwareModelArg, inputFileArg } from '../options';
import { cliProfiles } from '../profiles';
import { targetArg, targetHint } from '../targetArg';
import { failOnOf, FORMATS, isFailing, isFormat } from '../reportOptions';
import { toolVersion } from '../version';
import { baselineArg, GATE_FLAGS, GATE_USAGE, ruleConfigArg, splitByBaseline, summaryOfNew, writeBaseline } from '../gateOptions';

const USAGE = `usage: tplg-budget check <top.conf> [options]
       tplg-budget check [<file.conf>] --target <output-name> [options]
${TOPOLOGY_USAGE}
  --target <name>      a build target of SOF's tplg-targets*.cmake lists (sof-ptl-nocodec): its
                       input, defines and platform; the lists are found from the file or -I
  --platform <id|auto> platform profile; auto (default): the PLATFORM= define of -D, else ptl
  --model <id>         firmware model: ${Object.keys(FIRMWARE_MODELS).join(', ')} (default current)
  --profiles <file>    extra profile YAML (default: .tplg-budget/profiles.yaml if present)
  --format <f>         ${FORMATS.join(' | ')} (default text: file:line:col: severity CODE: message)
  --root <dir>         repository root that SARIF and Markdown locations are relative to (default .)
  --fail-on <level>    error (default) | warning: the lowest severity that fails the check
${GATE_USAGE}
exit codes: 0 no failing problem, 1 failing problems or a topology that does not compile, 2 usage error
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check that a topology compiles and fits in memory; text, JSON, Markdown or SARIF report',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const p = parseArgs(args, { values: ['--platform', '--model', '--profiles', '--format', '--root', '--fail-on', '--target', ...GATE_FLAGS], switches: [] });
    if (typeof p === 'string') return usageError(p);
    const targetName = p.values.get('--target');
    if (targetName !== undefined) p.topology = targetArg(targetName, p.topology, io.cwd).topology;
    const format = p.values.get('--format') ?? 'text';
    if (!isFormat(format)) return usageError(`unknown format "${clip(format)}"`);
    const model = firmwareModelArg(p.values.get('--model'));
    const failOn = failOnOf(p.values.get('--fail-on'));
    if (!failOn) return usageError(`--fail-on takes error or warning`);
    const root = path.resolve(io.cwd, p.values.get('--root') ?? '.');
    inputFileArg(p.topology, io.cwd);
    const opts = resolveOptionsFrom(p.topology, io.cwd);
    const profiles = cliProfiles(io.cwd, p.values.get('--profiles'));
    if (typeof profiles === 'string') return usageError(profiles);
    for (const msg of profiles.problems) io.stderr(`tplg-budget check: profile: ${msg}\n`);
    const choice = choosePlatform(p.values.get('--platform') ?? 'auto', opts.defines ?? '', profiles.profiles, targetName);
    if (typeof choice === 'string') return usageError(choice);

    const rules = ruleConfigArg(io.cwd, p.values.get('--config'));
    const baseline = baselineArg(io.cwd, p.values.get('--baseline'));
    const analysis = analyzeTarget({ resolve: { ...opts, store: oneShotStore(io) }, platform: choice.profile, model, rules });
    const writeTo = p.values.get('--write-baseline');
    if (writeTo !== undefined) {
      const n = writeBaseline(path.resolve(io.cwd, writeTo), [...analysis.findings, ...analysis.diagnostics].map((problem) => ({ problem })), root);
      io.stderr(`tplg-budget: recorded ${n} problem${n === 1 ? '' : 's'} in the baseline ${writeTo}\n`);
      return 0;
    }
    let baselined: CheckReport['baselined'];
    if (baseline) {
      const [split] = splitByBaseline([analysis], baseline, root);
      analysis.findings = split.findings;
      analysis.diagnostics = split.diagnostics;
      analysis.summary = summaryOfNew(analysis.summary, split, opts.input);
      baselined = split.unchanged;
    }
    const report: CheckReport = {
      baselined,
      input: opts.input,
      analysis,
      platform: choice.profile?.id,
      // "simulated on ptl" is no news about a topology that was not simulated.
      platformNote: choice.profile && !analysis.simulation ? undefined : choice.note,
      model,
      failing: isFailing(analysis.summary, failOn),
    };
    if (format === 'json') io.stdout(checkJson(report));
    else if (format === 'markdown') io.stdout(checkMarkdown(report, root));
    else if (format === 'sarif') io.stdout(checkSarif(report, root, toolVersion()));
    else io.stdout(checkText(report, io.cwd));
    const hint = targetName === undefined && analysis.summary.rejected ? targetHint(p.topology, io.cwd) : undefined;
    if (hint) io.stderr(`tplg-budget check: note: ${hint}\n`);
    return report.failing ? 1 : 0;
  },
};
