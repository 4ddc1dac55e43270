// Device log against simulation, operation by operation. Both sides become LogOp sequences (the
// device's from its vpage/vregion lines, the simulation's from its events' log lines); they are
// aligned by message kind (longest common subsequence), and aligned pairs compare every number,
// addresses as offsets from each side's vpage region base.

import { parseMessage, readDeviceLog, type DeviceLogLine, type LogOp } from './deviceLog';
import type { SimulationResult } from './simulate';

export interface SimLogOp {
  /** The simulation step: event kind and target, e.g. "module-init src.1.1". */
  step: string;
  /** Index of the step in SimulationResult.events. */
  event: number;
  op?: LogOp;
  text: string;
}

export interface FieldDiff {
  field: string;
  device: number;
  simulation: number;
}

export type RowStatus = 'agree' | 'differ' | 'device-only' | 'simulation-only';

export interface CompareRow {
  status: RowStatus;
  device?: { line: number; text: string };
  simulation?: { step: string; event: number; text: string };
  diffs?: FieldDiff[];
}

export interface LogComparison {
  rows: CompareRow[];
  counts: Record<RowStatus, number>;
  /** Device lines not compared: debug level, or vpage/vregion lines of no known format. */
  skipped: Array<{ line: number; why: string }>;
  /** Pool facts read from the device's vpage_init line, when present. */
  devicePool?: { base: number; pages: number };
  notes: string[];
}

/** The simulation's log lines as operations, in order. */
export function simulationLogOps(sim: SimulationResult): SimLogOp[] {
  const out: SimLogOp[] = [];
  sim.events.forEach((e, event) => {
    const step = `${e.kind}${e.cycle !== undefined ? ` (cycle ${e.cycle})` : ''} ${e.target}`;
    for (const text of e.log) out.push({ step, event, op: parseMessage(text), text });
  });
  return out;
}

function lcsPairs(a: string[], b: string[]): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** Logs longer than this many operations on either side are compared in order, without alignment. */
const MAX_ALIGN = 2000;

export function compareDeviceLog(logText: string, sim: SimulationResult): LogComparison {
  const lines = readDeviceLog(logText);
  const skipped: LogComparison['skipped'] = [];
  const notes: string[] = [];
  let devicePool: LogComparison['devicePool'];
  const device: Array<DeviceLogLine & { op: LogOp }> = [];
  for (const l of lines) {
    if (l.level === 'dbg') skipped.push({ line: l.line, why: 'debug level (the simulation models INF and above)' });
    else if (!l.op) skipped.push({ line: l.line, why: `unknown ${l.module} message` });
    else if (l.op.kind === 'vpage_init') devicePool = { base: l.op.fields.ptr, pages: l.op.fields.pages };
    else device.push(l as DeviceLogLine & { op: LogOp });
  }
  const simOps = simulationLogOps(sim).filter((s): s is SimLogOp & { op: LogOp } => !!s.op);
  const simBase = sim.pool.baseAddress;
  const devBase = devicePool?.base ?? simBase;
  if (!devicePool) notes.push(`no vpage_init line ("region %p size %#zx pages %u") in the log: device addresses are read against the simulated base 0x${simBase.toString(16)}`);
  const rows: CompareRow[] = [];
  if (devicePool && devicePool.pages !== sim.pool.totalPages) {
    rows.push({
      status: 'differ',
      device: { line: lines.find((l) => l.op?.kind === 'vpage_init')?.line ?? 0, text: `vpage region ${devicePool.pages} pages` },
      simulation: { step: 'pool', event: 0, text: `vpage region ${sim.pool.totalPages} pages` },
      diffs: [{ field: 'pages', device: devicePool.pages, simulation: sim.pool.totalPages }],
    });
    notes.push(`the device's vpage region has ${devicePool.pages} pages, the simulation ${sim.pool.totalPages}: set the platform profile's imageEnd to 0x${(devicePool.base - 0x100000).toString(16)} (region base minus the virtual heap) if the virtual heap is 1 MiB`);
  }

  const pairs = device.length <= MAX_ALIGN && simOps.length <= MAX_ALIGN
    ? lcsPairs(device.map((d) => d.op.kind), simOps.map((s) => s.op.kind))
    : Array.from({ length: Math.min(device.length, simOps.length) }, (_, i): [number, number] => [i, i]);
  let di = 0;
  let si = 0;
  const deviceOnly = (d: (typeof device)[number]) => rows.push({ status: 'device-only', device: { line: d.line, text: d.op.text } });
  const simOnly = (s: (typeof simOps)[number]) => rows.push({ status: 'simulation-only', simulation: { step: s.step, event: s.event, text: s.op.text } });
  for (const [a, b] of pairs) {
    while (di < a) deviceOnly(device[di++]);
    while (si < b) simOnly(simOps[si++]);
    const d = device[di++];
    const s = simOps[si++];
    const diffs: FieldDiff[] = [];
    if (d.op.kind !== s.op.kind) diffs.push({ field: 'message', device: 0, simulation: 0 });
    for (const [k, v] of Object.entries(d.op.fields)) {
      const w = s.op.fields[k];
      if (w === undefined) continue;
      const ptr = k.startsWith('ptr');
      const dv = ptr && v !== 0 ? v - devBase : v;
      const sv = ptr && w !== 0 ? w - simBase : w;
      if (dv !== sv) diffs.push({ field: ptr ? `${k} (offset from region base)` : k, device: dv, simulation: sv });
    }
    rows.push({ status: diffs.length ? 'differ' : 'agree', device: { line: d.line, text: d.op.text }, simulation: { step: s.step, event: s.event, text: s.op.text }, ...(diffs.length ? { diffs } : {}) });
  }
  while (di < device.length) deviceOnly(device[di++]);
  while (si < simOps.length) simOnly(simOps[si++]);
  const counts: Record<RowStatus, number> = { agree: 0, differ: 0, 'device-only': 0, 'simulation-only': 0 };
  for (const r of rows) counts[r.status]++;
  return { rows, counts, skipped, ...(devicePool ? { devicePool } : {}), notes };
}
