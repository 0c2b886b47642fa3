import type { Criterion } from './criterion.js';
import { assistanceTypes } from './criteria/assistance-types.js';
import { budget } from './criteria/budget.js';
import { deliveryMode } from './criteria/delivery-mode.js';
import { languages } from './criteria/languages.js';
import { mandate } from './criteria/mandate.js';
import { phases } from './criteria/phases.js';
import { protectionStreams } from './criteria/protection-streams.js';
import { sectors } from './criteria/sectors.js';
import { timing } from './criteria/timing.js';

/** Every scoring criterion, in the order of a score's breakdown; the weights sum to 1. */
export const CRITERIA: readonly Criterion[] = [
  sectors,
  assistanceTypes,
  protectionStreams,
  phases,
  languages,
  deliveryMode,
  timing,
  mandate,
  budget,
];

const total = CRITERIA.reduce((sum, c) => sum + c.weight, 0);
if (Math.abs(total - 1) > 1e-9) throw new Error(`The weights of the scoring criteria sum to ${total}, not 1`);
