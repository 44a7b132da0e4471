// Named re-exports (not `export *`): CommonJS output then gets one small getter per name, which V8
// inlines; the shared getter of `export *` is megamorphic and showed up in the rules benchmark.
export {
  type LocalDate,
  type DayNumber,
  type IsoWeekday,
  type YearMonthDay,
  InvalidLocalDateError,
  isLeapYear,
  daysInMonth,
  dayNumberOf,
  ymdOf,
  ymdNumberOf,
  yearOf,
  isoWeekdayOf,
  isWeekendDay,
  tryParseLocalDate,
  toDayNumber,
  fromDayNumber,
  isLocalDate,
  localDateOfYmd,
  addDays,
  addMonths,
  addMonthsToDayNumber,
  daysBetween,
  isoWeekday,
  compareLocalDates,
} from './local-date';
export {
  type PublicHoliday,
  STORE_BEDEDAG_OVERRIDE,
  applyStoreBededagOverride,
  easterSunday,
  publicHolidaysOf,
  publicHolidayDayNumbersOf,
} from './public-holidays';
export {
  WorkingDayCalendar,
  NATIONAL_CALENDAR,
  isPublicHoliday,
  isPublicHolidayDayNumber,
  isWorkingDay,
  previousWorkingDay,
  nextWorkingDay,
  addWorkingDays,
} from './working-day-calendar';
export {
  COPENHAGEN,
  zoneOffsetMinutes,
  localDateOf,
  startOfLocalDay,
  endOfLocalDay,
  hoursInLocalDay,
} from './time-zone';
