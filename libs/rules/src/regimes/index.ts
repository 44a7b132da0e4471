import { R2015 } from './r2015/r2015.regime';
import { R2020 } from './r2020/r2020.regime';
import { R2024 } from './r2024/r2024.regime';
import { RulesRegime } from './regime';

/** The regimes in force, oldest first. A new regime is one more module appended here [RULES §0]. */
export const DEFAULT_REGIMES: readonly RulesRegime[] = [R2015, R2020, R2024];

export { R2015, R2020, R2024 };
export {
  type RulesRegime,
  type CoursePeriod,
  type Slot,
  type FirstActivationPlan,
  type SelfBookingRule,
  type SelfBookingParameters,
  type AgeBand,
  type AgeReference,
} from './regime';
export { R2015_PARAMETERS, type R2015Parameters } from './r2015/r2015.parameters';
export { R2020_PARAMETERS, type R2020Parameters } from './r2020/r2020.parameters';
export { R2024_PARAMETERS, type R2024Parameters } from './r2024/r2024.parameters';
export { createR2015Regime } from './r2015/r2015.regime';
export { createR2020Regime } from './r2020/r2020.regime';
export { createR2024Regime } from './r2024/r2024.regime';
