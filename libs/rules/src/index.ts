// Named re-exports (see libs/calendar/src/index.ts for why not `export *`).
export {
  CONTACT_GROUPS,
  type ContactGroup,
  type Benefit,
  isContactGroup,
  TARGET_GROUP,
  BENEFIT_OF,
  ASSISTANCE_GROUPS,
} from './model/contact-group';
export {
  ConversationType,
  type ConversationTypeId,
  type ConversationTypeMask,
  isConversationType,
  typeMask,
  maskHas,
} from './model/conversation-type';
export {
  type CitizenProfile,
  type ContactGroupPeriod,
  type CourseAnchors,
  type PaidHoursReport,
  type HeldConversation,
  type Exemption,
  type ExemptionKind,
  EXEMPTION_KINDS,
} from './model/citizen-profile';
export {
  type ContactCourse,
  type ScheduledConversation,
  type FirstActivation,
  type RegimeId,
  type ConversationHolder,
  type ConversationSeries,
  type ConversationStatus,
  type SummonsReason,
} from './model/contact-course';
export { InvalidCitizenProfileError, isInvalidCitizenProfileError, type InvalidProfileReason } from './errors';
export {
  type Param,
  type Duration,
  param,
  inferred,
  months,
  weeks,
  days,
  hours,
  UNEMPLOYMENT_CLOCK_PARAMETERS,
  type UnemploymentClockParameters,
  EXEMPTION_PARAMETERS,
  type ExemptionParameters,
  GUIDING_DATE_PARAMETERS,
  type GuidingDateParameters,
  PROFILE_PARAMETERS,
  type ProfileParameters,
  SELF_BOOKING_DEADLINE_PARAMETERS,
  type SelfBookingDeadlineParameters,
} from './parameters';
export { type CourseClock, CalendarClock, NEVER } from './clock/course-clock';
export { UnemploymentClock } from './clock/unemployment-clock';
export {
  DEFAULT_REGIMES,
  R2015,
  R2020,
  R2024,
  R2015_PARAMETERS,
  R2020_PARAMETERS,
  R2024_PARAMETERS,
  type R2015Parameters,
  type R2020Parameters,
  type R2024Parameters,
  createR2015Regime,
  createR2020Regime,
  createR2024Regime,
  type RulesRegime,
  type CoursePeriod,
  type Slot,
  type FirstActivationPlan,
  type SelfBookingRule,
  type AgeBand,
  type AgeReference,
} from './regimes';
export {
  calculateContactCourse,
  tryCalculateContactCourse,
  type CalculateOptions,
  type CalculationResult,
} from './engine/calculate-contact-course';
