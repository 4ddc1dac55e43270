// Every module cost model, looked up by the topology class name of the widget (its name prefix).
import type { CostModel } from '../moduleCost';
import { aria } from './aria';
import { drc } from './drc';
import { eqFir, eqIir } from './eq';
import { gain } from './gain';
import { asrc, multibandDrc, tdfb } from './partial';
import { phaseVocoder } from './phaseVocoder';
import { selector } from './selector';
import { src } from './src';
import { stftProcess } from './stftProcess';
import { dcblock, levelMultiplier, soundDose, template } from './structOnly';
import { cadenceCodec, dolbyDax, igoNr, rtnr } from './vendor';

export const COST_MODELS: CostModel[] = [
  aria, asrc, cadenceCodec, dcblock, dolbyDax, drc, eqFir, eqIir, gain, igoNr, levelMultiplier, multibandDrc,
  phaseVocoder, rtnr, selector, soundDose, src, stftProcess, tdfb, template,
];

const byClass = new Map<string, CostModel>();
for (const m of COST_MODELS) for (const c of m.classNames) byClass.set(c, m);

export function costModelFor(className: string): CostModel | undefined {
  return byClass.get(className);
}
