import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, validateSync, ValidationTypes, ValidatorOptions } from 'class-validator';
import { fastAccept } from './fast-accept';

/**
 * Producing is strict (an unknown field is a bug in our code, and could smuggle personal data onto
 * Kafka); consuming is tolerant (a newer producer may add optional fields to the same version).
 */
const STRICT: ValidatorOptions = {
  forbidUnknownValues: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
};
const TOLERANT: ValidatorOptions = { forbidUnknownValues: true, validationError: { target: false, value: false } };

/** At most this many problems are spelled out in a reason; the rest are counted. */
const MAX_PROBLEMS = 5;

/** Validates `data` against its class; returns a readable reason, or undefined when valid. */
export function validateData(dataClass: new () => object, data: unknown, strict: boolean): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data must be an object';
  if (fastAccept(dataClass, data as Record<string, unknown>, strict)) return undefined;
  return classValidatorProblem(dataClass, data as Record<string, unknown>, strict);
}

/** class-validator's verdict, worded; the authority the fast check defers to. */
export function classValidatorProblem(
  dataClass: new () => object,
  data: Record<string, unknown>,
  strict: boolean,
): string | undefined {
  const instance = toInstance(dataClass, data);
  const errors = validateSync(instance, strict ? STRICT : TOLERANT);
  return errors.length ? formatErrors(errors, 'data') : undefined;
}

/** Per data class: does it nest other classes? Computed once; it decides how instances are built. */
const nestsClasses = new Map<new () => object, boolean>();

function toInstance(dataClass: new () => object, data: Record<string, unknown>): object {
  let nested = nestsClasses.get(dataClass);
  if (nested === undefined) {
    nested = getMetadataStorage()
      .getTargetValidationMetadatas(dataClass, '', true, false)
      .some((m) => m.type === ValidationTypes.NESTED_VALIDATION);
    nestsClasses.set(dataClass, nested);
  }
  if (nested) return plainToInstance(dataClass, data, { enableImplicitConversion: false });
  // flat classes: what plainToInstance does, without its per-property reflection
  const instance = new dataClass() as Record<string, unknown>;
  for (const key of Object.keys(data)) if (key !== '__proto__') instance[key] = data[key];
  return instance;
}

export function formatErrors(errors: ValidationError[], root: string): string {
  const problems: string[] = [];
  collect(errors, root, problems);
  const shown = problems.slice(0, MAX_PROBLEMS).join('; ');
  return problems.length > MAX_PROBLEMS ? `${shown}; and ${problems.length - MAX_PROBLEMS} more` : shown;
}

function collect(errors: ValidationError[], parent: string, out: string[]): void {
  for (const error of errors) {
    const path = /^[0-9]+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    for (const message of Object.values(error.constraints ?? {})) {
      // class-validator messages start with the bare property name; replace it with the full path
      out.push(
        message.startsWith(`${error.property} `) ? path + message.slice(error.property.length) : `${path}: ${message}`,
      );
    }
    if (error.children?.length) collect(error.children, path, out);
  }
}
