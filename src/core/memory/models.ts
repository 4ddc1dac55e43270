// The firmware designs the simulator can apply, chosen per run. Each answers: does a DP module get
// a vregion, how big, with which layout, and do pipelines get vregions too.

import {
  DP_DEFAULT_HEAP_BYTES, DP_FIXED_VREGION_BYTES, DP_MAX_HEAP_BYTES, DP_MIN_STACK_BYTES, PHASE1_LIFETIME_BYTES,
} from './costModels/framework';
import type { PlatformProfile } from './profiles';

export type FirmwareModelId = 'current' | 'topology-sized' | 'phase1' | 'per-pipeline';

export const FIRMWARE_MODELS: Record<FirmwareModelId, string> = {
  current: 'SOF main 12dd7265: every DP module gets a fixed 28 KiB vregion; heap_bytes_requirement is ignored',
  'topology-sized': 'vregions phase II proposal (#10783/#10603): DP vregion sized from heap_bytes_requirement (default 20480, cap 64 MB), stack from stack_bytes_requirement (floor 2048)',
  phase1: 'merged phase I (b3d0c47ae1..260ce13f5d): page-aligned interim partition (24 KiB) then lifetime partition (4 KiB)',
  'per-pipeline': 'planned design (#11164): topology-sized DP vregions plus one vregion per pipeline, sized from the pipeline heap_bytes_requirement, for its LL modules and buffers',
};

export function isFirmwareModel(s: string): s is FirmwareModelId {
  return Object.prototype.hasOwnProperty.call(FIRMWARE_MODELS, s);
}

export interface DpRegionPlan {
  layout: 'single' | 'split';
  /** Total bytes (single) or the two partitions (split). */
  bytes: number;
  lifetimeBytes?: number;
  interimBytes?: number;
  /** Set when the model refuses the request (64 MB cap). */
  rejected?: string;
}

/** Whether DP modules get vregions at all under this model and build. */
export function dpUsesVregions(model: FirmwareModelId, p: PlatformProfile): { yes: boolean; why: string } {
  if (!p.vregions) return { yes: false, why: `CONFIG_SOF_VREGIONS=n on ${p.id}: DP modules use the system heap` };
  if (model === 'current' || model === 'phase1') {
    if (!p.userspace) return { yes: false, why: `CONFIG_USERSPACE=n on ${p.id}: DP modules use the system heap or VMH` };
    if (p.userspaceProxy) return { yes: false, why: `CONFIG_SOF_USERSPACE_PROXY=y on ${p.id}: DP modules use the driver heap` };
  }
  return { yes: true, why: '' };
}

export function dpRegionPlan(model: FirmwareModelId, declaredHeap: number | undefined): DpRegionPlan {
  if (model === 'current') return { layout: 'single', bytes: DP_FIXED_VREGION_BYTES };
  if (model === 'phase1') {
    return {
      layout: 'split',
      bytes: DP_FIXED_VREGION_BYTES,
      lifetimeBytes: PHASE1_LIFETIME_BYTES,
      interimBytes: DP_FIXED_VREGION_BYTES - PHASE1_LIFETIME_BYTES,
    };
  }
  const heap = declaredHeap ? declaredHeap : DP_DEFAULT_HEAP_BYTES;
  if (heap > DP_MAX_HEAP_BYTES) return { layout: 'single', bytes: heap, rejected: `${heap} bytes is above the 64 MB cap` };
  return { layout: 'single', bytes: heap };
}

/** True when the model reads stack_bytes_requirement (with the #10783 floor). */
export function modelUsesDeclaredStack(model: FirmwareModelId): boolean {
  return model !== 'current' && model !== 'phase1';
}

/** Stack a DP thread gets: the build's CONFIG_SOF_STACK_SIZE, or the topology value with the floor. */
export function dpStackBytes(model: FirmwareModelId, p: PlatformProfile, declared: number | undefined): number {
  if (!modelUsesDeclaredStack(model)) return p.dpStackBytes;
  return Math.max(declared ?? p.dpStackBytes, DP_MIN_STACK_BYTES);
}

/** True when the model reads heap_bytes_requirement, so changing it changes the firmware's behaviour. */
export function modelUsesDeclaredHeap(model: FirmwareModelId): boolean {
  return model === 'topology-sized' || model === 'per-pipeline';
}

/**
 * Whether the vpage element-compaction defect of SOF main (vpage.c:222-227 at 12dd7265) is on
 * unless the caller says otherwise: `current` simulates SOF main as it is, and the firmware
 * harness (npm run firmware-diff) matches the model only with it on. The other models describe
 * designs still to land, which keep the intended compaction.
 */
export function vpageDefectByDefault(model: FirmwareModelId): boolean {
  return model === 'current';
}
