import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

/** Applies decorators as if stacked on the property in this order (the last one first, as TypeScript does). */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (let i = decorators.length - 1; i >= 0; i--) decorators[i](target, key);
  };
}

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
