import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { stacked } from '../decorators';

/** An integer setting from its environment string, at least `min` and, when given, at most `max`. */
export function IntegerSetting(min: number, max?: number): PropertyDecorator {
  return stacked(
    Type(() => Number),
    IsInt(),
    Min(min),
    ...(max === undefined ? [] : [Max(max)]),
  );
}

/** An on/off setting: `true` (or the string 'true') is on, anything else off. */
export function BooleanSetting(): PropertyDecorator {
  return stacked(
    Transform(({ value }) => value === true || value === 'true'),
    IsBoolean(),
  );
}
