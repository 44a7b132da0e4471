/**
 * Decorators for event data classes. Each one is a class-validator rule that also carries the JSON
 * Schema fragment it stands for (in the metadata `context.jsonSchema`), so the AsyncAPI document is
 * derived from exactly the rules that validate the events and cannot drift from them.
 */
import 'reflect-metadata'; // class-transformer's @Type reads design:type metadata
import { Type } from 'class-transformer';
import {
  isEmail,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import { enumValues, NAMED_ENUMS } from '../domain-types';
import {
  AKASSE_ID_PATTERN,
  CPR_LIKE_PATTERN,
  isAkasseId,
  isCitizenId,
  isInstant,
  isJobcenterCode,
  isLocalDate,
  isUuid,
  isYearMonth,
  JOBCENTER_CODE_PATTERN,
  looksLikeCpr,
  YEAR_MONTH_PATTERN,
} from '../identifiers';

export type JsonSchema = Record<string, unknown>;

/** Any class, for metadata lookups (abstract bases included). */
export type AnyClass = abstract new (...args: never[]) => unknown;

/** What the AsyncAPI converter reads from a validation metadata's `context`. */
export interface SchemaContext {
  jsonSchema?: JsonSchema;
  /** nested data class of a NestedObject / NestedArray property */
  nested?: () => AnyClass;
  /** set on Optional(): may be absent (never null) */
  optional?: true;
  /** set on OptionalUnless(): human-readable condition under which the field is required */
  requiredWhen?: string;
}

function rule(
  name: string,
  test: (value: unknown, args: ValidationArguments) => boolean,
  message: string,
  jsonSchema: JsonSchema,
  options: ValidationOptions = {},
  constraints: unknown[] = [],
): PropertyDecorator {
  const eachPrefix = options.each ? 'each value in ' : '';
  return ValidateBy(
    {
      name,
      constraints,
      validator: { validate: test, defaultMessage: () => `${eachPrefix}$property ${message}` },
    },
    { ...options, context: { ...(options.context ?? {}), jsonSchema } satisfies SchemaContext },
  );
}

/** The pseudonymous citizen id (a uuid). A CPR number can never pass. */
export const IsCitizenId = (o?: ValidationOptions) =>
  rule(
    'isCitizenId',
    isCitizenId,
    'must be a pseudonymous citizenId (uuid), never a CPR number',
    {
      type: 'string',
      format: 'uuid',
      description: 'pseudonymous citizenId (never a CPR number)',
    },
    o,
  );

/** Any other entity id (bookingId, deadlineId, slotId, …). */
export const IsEntityId = (o?: ValidationOptions) =>
  rule('isEntityId', isUuid, 'must be a uuid', { type: 'string', format: 'uuid' }, o);

export const IsJobcenterCode = (o?: ValidationOptions) =>
  rule(
    'isJobcenterCode',
    isJobcenterCode,
    'must be a jobcenterCode (3-digit municipality + 2-digit sub-unit)',
    {
      type: 'string',
      pattern: JOBCENTER_CODE_PATTERN.source,
      description: 'jobcenterCode: 3-digit municipality number + 2-digit sub-unit',
    },
    o,
  );

export const IsAkasseId = (o?: ValidationOptions) =>
  rule(
    'isAkasseId',
    isAkasseId,
    `must be an akasseId (${AKASSE_ID_PATTERN.source})`,
    {
      type: 'string',
      pattern: AKASSE_ID_PATTERN.source,
      not: { pattern: CPR_LIKE_PATTERN.source },
    },
    o,
  );

/** A calendar date without a zone (Danish local date), e.g. a deadline date. */
export const IsLocalDate = (o?: ValidationOptions) =>
  rule(
    'isLocalDate',
    isLocalDate,
    'must be a local date (YYYY-MM-DD, years 1900–2199)',
    { type: 'string', format: 'date' },
    o,
  );

/** A point in time (RFC 3339 with offset), e.g. a meeting start. */
export const IsInstant = (o?: ValidationOptions) =>
  rule(
    'isInstant',
    isInstant,
    'must be an ISO 8601 instant with offset (e.g. 2024-03-01T09:00:00Z)',
    {
      type: 'string',
      format: 'date-time',
    },
    o,
  );

export const IsYearMonth = (o?: ValidationOptions) =>
  rule(
    'isYearMonth',
    isYearMonth,
    'must be a month (YYYY-MM)',
    { type: 'string', pattern: YEAR_MONTH_PATTERN.source },
    o,
  );

/** E.164 phone number, e.g. +4512345678. */
export const PHONE_PATTERN = /^\+[1-9][0-9]{6,14}$/;
export const IsPhoneNumber = (o?: ValidationOptions) =>
  rule(
    'isPhoneNumber',
    (v) => typeof v === 'string' && PHONE_PATTERN.test(v),
    'must be an E.164 phone number (+4512345678)',
    {
      type: 'string',
      pattern: PHONE_PATTERN.source,
    },
    o,
  );

export const IsEmailAddress = (o?: ValidationOptions) =>
  rule(
    'isEmailAddress',
    (v) => typeof v === 'string' && v.length <= 254 && isEmail(v) && !looksLikeCpr(v),
    'must be an e-mail address (and not contain a CPR number)',
    { type: 'string', format: 'email', maxLength: 254 },
    o,
  );

/** Free text shown to people; bounded, and refused when it contains something shaped like a CPR number. */
export const IsFreeText = (maxLength: number, o?: ValidationOptions) =>
  rule(
    'isFreeText',
    (v) => typeof v === 'string' && v.trim().length > 0 && v.length <= maxLength && !looksLikeCpr(v),
    `must be non-empty text of at most ${maxLength} characters without a CPR number`,
    { type: 'string', minLength: 1, maxLength, not: { pattern: CPR_LIKE_PATTERN.source } },
    o,
    [maxLength],
  );

const enumNames = new Map<object, string>(Object.entries(NAMED_ENUMS).map(([name, e]) => [e, name]));

/**
 * One of an enum's wire values. Unlike class-validator's IsEnum it refuses the reverse-mapped member
 * names of numeric enums ("JOB_CONVERSATION" is not a ConversationType; 7 is).
 */
export function IsEnumValue(e: Record<string, string | number>, o?: ValidationOptions): PropertyDecorator {
  const name = enumNames.get(e);
  if (!name) throw new Error('IsEnumValue: register the enum in NAMED_ENUMS so the AsyncAPI document can name it');
  const values = new Set<unknown>(enumValues(e));
  return rule(
    'isEnumValue',
    (v) => values.has(v),
    `must be one of: ${[...values].join(', ')}`,
    {
      $ref: `#/components/schemas/${name}`,
    },
    o,
    [name],
  );
}

/** Cross-field order check: this value is strictly after `other` (instants) or not before it (dates). */
function ordered(name: string, other: string, strict: boolean, o?: ValidationOptions): PropertyDecorator {
  const word = strict ? 'after' : 'on or after';
  return rule(
    name,
    (v, args) => {
      const before = (args.object as Record<string, unknown>)[other];
      if (typeof v !== 'string' || typeof before !== 'string') return true; // format rules report these
      const [a, b] = [Date.parse(before), Date.parse(v)];
      return Number.isNaN(a) || Number.isNaN(b) || (strict ? b > a : b >= a);
    },
    `must be ${word} ${other}`,
    { description: `${word} ${other}` },
    o,
    [other],
  );
}
export const IsAfter = (other: string, o?: ValidationOptions) => ordered('isAfter', other, true, o);
export const IsNotBefore = (other: string, o?: ValidationOptions) => ordered('isNotBefore', other, false, o);

/** May be absent; when present it is validated (null is refused: absent means absent). */
export function Optional(): PropertyDecorator {
  return (target, key) =>
    ValidateIf((o: Record<string | symbol, unknown>) => o[key] !== undefined, {
      context: { optional: true } satisfies SchemaContext,
    })(target, key);
}

/** Optional, but required when `condition` holds on the object (e.g. deregisteredFrom on DEREGISTRATION). */
export function OptionalUnless<T extends object>(
  condition: (o: T) => boolean,
  requiredWhen: string,
): PropertyDecorator {
  return (target, key) =>
    ValidateIf((o: Record<string | symbol, unknown>) => o[key] !== undefined || condition(o as T), {
      context: { requiredWhen } satisfies SchemaContext,
    })(target, key);
}

export function NestedObject(cls: () => AnyClass): PropertyDecorator {
  return (target, key) => {
    // ValidateNested alone lets an absent object through; the $ref already says "object" in the schema
    rule(
      'isObjectOf',
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
      'must be an object',
      {},
    )(target, key);
    ValidateNested({ context: { nested: cls } satisfies SchemaContext })(target, key);
    Type(cls)(target, key as string);
  };
}

/** An array of nested objects (`minItems` defaults to 0). */
export function NestedArray(cls: () => AnyClass, minItems = 0): PropertyDecorator {
  return (target, key) => {
    const isItem = (i: unknown) => typeof i === 'object' && i !== null && !Array.isArray(i);
    rule(
      'isArrayOf',
      (v) => Array.isArray(v) && v.length >= minItems && v.every(isItem),
      `must be an array of objects${minItems ? ` with at least ${minItems} item(s)` : ''}`,
      { type: 'array', ...(minItems ? { minItems } : {}) },
    )(target, key);
    ValidateNested({ each: true, context: { nested: cls } satisfies SchemaContext })(target, key);
    Type(cls)(target, key as string);
  };
}

/** A non-empty array whose items are checked by the `each` rules on the same property. */
export const IsNonEmptyArray = (o?: ValidationOptions) =>
  rule(
    'isNonEmptyArray',
    (v) => Array.isArray(v) && v.length > 0,
    'must be a non-empty array',
    {
      type: 'array',
      minItems: 1,
    },
    o,
  );

const docs = new Map<unknown, Map<string, string>>();

/** Documents a field in the AsyncAPI schema; no effect on validation. */
export function Doc(text: string): PropertyDecorator {
  return (target, key) => {
    const byProperty = docs.get(target.constructor) ?? new Map<string, string>();
    byProperty.set(String(key), text);
    docs.set(target.constructor, byProperty);
  };
}

export function docFor(cls: AnyClass, property: string): string | undefined {
  for (let c: unknown = cls; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const text = docs.get(c)?.get(property);
    if (text) return text;
  }
  return undefined;
}
