// What each problem code means, for reports that describe their rules (SARIF). Memory findings
// have one description per code; the engine's TPLG codes are described by family (the hundreds
// and tens group them by the pre-processor stage that raises them); CMAKE codes are the target
// list reader's.
import { FINDING_CODES } from '../memory/findings';

export interface RuleHelp {
  /** One line: what the code reports. */
  short: string;
  /** What to do about it, and where it is documented. */
  help: string;
}

const TPLG_FAMILIES: Array<[RegExp, string]> = [
  [/^TPLG00\d$/, 'the ALSA configuration syntax, an include or a search dir is wrong'],
  [/^TPLG1[01]\d$/, 'an object, its class or one of its attributes cannot be built'],
  [/^TPLG12\d$/, 'a $VARIABLE or $[expression] cannot be evaluated'],
  [/^TPLG13\d$/, 'a Define block or a -D definition is wrong'],
  [/^TPLG14\d$/, 'an object cannot be turned into its output section (widget, PCM, control, DAI)'],
  [/^TPLG15\d$/, 'an IncludeByKey block or the file it selects is wrong'],
  [/^TPLG16\d$/, 'a route cannot be resolved to its source and sink widgets'],
  [/^TPLG17\d$/, 'a CombineArrays block is wrong'],
  [/^TPLG18\d$/, 'a SubTreeCopy block is wrong'],
  [/^TPLG999$/, 'tplg-budget failed internally on this input'],
];

const CMAKE_CODES: Record<string, string> = {
  CMAKE001: 'syntax error in a CMake target list; CMake would stop before running it',
  CMAKE002: 'a CMake command that the target list reader does not run; its effects are missing',
  CMAKE003: 'a CMake command that CMake would reject',
  CMAKE004: 'a TPLGS entry without the input;output[;defines] shape',
  CMAKE005: 'evaluating the target list stopped at a resource limit',
};

export function ruleHelp(code: string): RuleHelp {
  if (Object.prototype.hasOwnProperty.call(FINDING_CODES, code)) {
    const short = FINDING_CODES[code as keyof typeof FINDING_CODES];
    return {
      short,
      help: `Memory finding ${code}: ${short}. The result names the attribute to change and, when the simulator can compute one, a suggested value. Codes are explained in docs/findings.md of tplg-budget.`,
    };
  }
  const family = TPLG_FAMILIES.find(([re]) => re.test(code));
  if (family) {
    return {
      short: family[1],
      help: `Topology diagnostic ${code}: ${family[1]}. The reference compiler (alsatplg) rejects or mis-builds this input as the message says; fix the text at the reported location. Codes are explained in docs/diagnostics.md of tplg-budget.`,
    };
  }
  if (CMAKE_CODES[code]) {
    return { short: CMAKE_CODES[code], help: `Target list diagnostic ${code}: ${CMAKE_CODES[code]}.` };
  }
  return { short: `tplg-budget problem ${code}`, help: `See the message of each result for ${code}.` };
}
