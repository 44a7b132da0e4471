import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { fastAccept } from '@selvbook/contracts';
import { plainToInstance } from 'class-transformer';
import { inputProblem } from './input-rules';

/**
 * Nest's ValidationPipe (whitelist, forbidNonWhitelisted, transform) with a fast path for what passes. The DTO
 * is built by class-transformer as always; then class-validator's own rules are called directly on it
 * (`fastAccept`, compiled once per class, as for events in libs/contracts) instead of through class-validator's
 * per-call machinery (a visible share of the booking service's CPU). When that check has any doubt —
 * an unknown property, a rule it does not reproduce, a refusal — or the value is not plain JSON, the
 * ordinary pipe runs, decides and words the 400. Acceptance there implies acceptance here, so the
 * answers are the same (property-tested). Before any of it, every body, query and path value must pass
 * the rules all input obeys (`inputProblem`: bounded nesting, no NUL), whatever its parameter's type.
 */
export class DtoValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = inputProblem(value);
      if (problem) throw new BadRequestException(problem);
    }
    const metatype = metadata.metatype as (new () => object) | undefined;
    if (metatype && this.toValidate(metadata) && isPlainJsonObject(value)) {
      const entity = plainToInstance(metatype, value, this.transformOptions) as object;
      if (entity instanceof metatype && fastAccept(metatype, entity as Record<string, unknown>, true)) return entity;
    }
    return super.transform(value, metadata);
  }
}

/** An object as JSON or a query string gives it: plain objects, dense arrays and primitives, no prototype keys. */
function isPlainJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainJson(value, 0);
}

function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return true;
  if (typeof value !== 'object' || depth > 8) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return false;
    if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}
