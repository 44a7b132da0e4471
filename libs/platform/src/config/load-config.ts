import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown at boot when the environment is missing or malformed; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against a class whose properties are the environment variable names,
 * decorated with class-validator. Fails fast with every problem, so an operator fixes them in one go.
 */
export function loadConfig<T extends object>(configClass: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const config = plainToInstance(
    configClass,
    { ...env },
    { enableImplicitConversion: true, exposeDefaultValues: true },
  );
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.flatMap(describe));
  return config;
}

function describe(error: ValidationError): string[] {
  const value = error.value === undefined ? 'unset' : `got ${JSON.stringify(redact(error.property, error.value))}`;
  return Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message} (${value})`);
}

function redact(name: string, value: unknown): unknown {
  return /PASSWORD|SECRET|KEY|URL/i.test(name) ? '<redacted>' : value;
}
