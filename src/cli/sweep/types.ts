// A build target of a sweep as the targets command tracks it, from the list to its outcome.
import type { PlatformChoice } from '../../core/targets/platform';
import type { SweepOutcome } from './job';

export interface SweepTarget {
  output: string;
  /** The input as the list names it, and its absolute path. */
  input: string;
  inputPath: string;
  /** The topology2 folder it is resolved in. */
  topologyDir: string;
  defines: string;
  /** Absolute path of the target list, and the line of the entry. */
  list: string;
  line?: number;
  /** Profile id simulated on, if any. */
  platform?: string;
  platformSource: PlatformChoice['source'];
  platformNote?: string;
  missing: boolean;
  outcome?: SweepOutcome;
}

export type TargetStatus = 'passed' | 'failing' | 'missing' | 'crashed';
