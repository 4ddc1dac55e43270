export function compareSrcCases(): { ok: true; cases: number; differences: number; first?: string } | { ok: false; why: string } {
  return { ok: true, cases: 0, differences: 0 };
}
