import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { stacked } from '../decorators';

export interface NestedArrayOptions {
  /** longest array accepted, so one request cannot ask for unbounded work */
  readonly max: number;
  readonly min?: number;
  /** the property may be absent */
  readonly optional?: boolean;
}

/** A request body's array of nested DTOs: documented as `[dto]`, each element validated and built as one. */
export function NestedArray(
  dto: new () => object,
  { max, min, optional = false }: NestedArrayOptions,
): PropertyDecorator {
  return stacked(
    optional ? ApiPropertyOptional({ type: [dto] }) : ApiProperty({ type: [dto] }),
    ...(optional ? [IsOptional()] : []),
    IsArray(),
    ...(min === undefined ? [] : [ArrayMinSize(min)]),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(() => dto),
  );
}
