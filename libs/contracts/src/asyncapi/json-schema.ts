/**
 * JSON Schema for event data classes, derived from class-validator's metadata storage (the same rules
 * that validate the events). Unknown rules fail loudly, so a new decorator cannot silently vanish from
 * the published contract.
 */
import { getMetadataStorage, MetadataStorage, ValidationTypes } from 'class-validator';
import { enumValues, NAMED_ENUMS } from '../domain-types';
import { ENUM_MEANINGS } from '../enum-meanings';
import { AnyClass, docFor, JsonSchema, SchemaContext } from '../validation/decorators';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

export type SchemaMap = Record<string, JsonSchema>;

/** class-validator built-ins used by the data classes, and what each means in JSON Schema. */
const BUILT_INS: Record<string, (constraints: unknown[]) => JsonSchema> = {
  isBoolean: () => ({ type: 'boolean' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isString: () => ({ type: 'string' }),
  min: ([n]) => ({ minimum: n }),
  max: ([n]) => ({ maximum: n }),
  matches: ([re]) => ({ type: 'string', pattern: re instanceof RegExp ? re.source : String(re) }),
};

/** Classes from the base down to `cls`, so inherited fields come first in the schema. */
function classChain(cls: AnyClass): unknown[] {
  const chain: unknown[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c))
    chain.unshift(c);
  return chain;
}

function merge(into: JsonSchema, fragment: JsonSchema): void {
  for (const [key, value] of Object.entries(fragment)) {
    if (key === 'description' && into.description) into.description = `${into.description}; ${value}`;
    else into[key] = value;
  }
}

/** Decorators apply bottom-up; a fixed key order keeps the document readable and stable. */
const KEY_ORDER = [
  '$ref',
  'allOf',
  'type',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'items',
  'not',
];
const rank = (key: string) => (key === 'description' ? 99 : KEY_ORDER.indexOf(key) + 1 || 98);

/** Orders keys; wraps a described `$ref` in allOf, since draft 7 ignores `$ref` siblings. */
function finish(schema: JsonSchema): JsonSchema {
  const ordered = Object.fromEntries(Object.entries(schema).sort(([a], [b]) => rank(a) - rank(b)));
  if (!('$ref' in ordered) || Object.keys(ordered).length === 1) return ordered;
  const { $ref, ...rest } = ordered;
  return { allOf: [{ $ref }], ...rest };
}

export class SchemaBuilder {
  readonly schemas: SchemaMap = {};
  private readonly classesByName = new Map<string, AnyClass>();

  /** Adds the schema of `cls` (and its nested classes) and returns its `$ref`. */
  refFor(cls: AnyClass): string {
    const known = this.classesByName.get(cls.name);
    if (known && known !== cls) throw new Error(`two data classes are named ${cls.name}; schema names must be unique`);
    if (!known) {
      this.classesByName.set(cls.name, cls);
      this.schemas[cls.name] = {}; // placeholder first: a class may refer to itself
      this.schemas[cls.name] = this.objectSchema(cls);
    }
    return `#/components/schemas/${cls.name}`;
  }

  private objectSchema(cls: AnyClass): JsonSchema {
    const chain = classChain(cls);
    const metadatas = getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m, i) => ({ m, i }))
      .sort((a, b) => chain.indexOf(a.m.target) - chain.indexOf(b.m.target) || a.i - b.i)
      .map(({ m }) => m);
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const m of metadatas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);

    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [property, rules] of byProperty) {
      const { schema, optional } = this.propertySchema(cls, property, rules);
      properties[property] = schema;
      if (!optional) required.push(property);
    }
    return { type: 'object', ...(required.length ? { required } : {}), properties };
  }

  private propertySchema(cls: AnyClass, property: string, rules: ValidationMetadata[]) {
    const schema: JsonSchema = {};
    const items: JsonSchema = {};
    let optional = false;
    let requiredWhen: string | undefined;
    for (const rule of rules) {
      const context = (rule.context ?? {}) as SchemaContext;
      const target = rule.each ? items : schema;
      switch (rule.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION:
          optional = true;
          requiredWhen = context.requiredWhen ?? requiredWhen;
          break;
        case ValidationTypes.NESTED_VALIDATION:
          if (!context.nested)
            throw new Error(`${cls.name}.${property}: use NestedObject / NestedArray for nested data`);
          merge(target, { $ref: this.refFor(context.nested()) });
          break;
        case ValidationTypes.CUSTOM_VALIDATION: {
          const builtIn = rule.name ? BUILT_INS[rule.name] : undefined;
          const fragment = context.jsonSchema ?? builtIn?.(rule.constraints ?? []);
          if (!fragment) throw new Error(`${cls.name}.${property}: no JSON Schema mapping for rule ${rule.name}`);
          merge(target, fragment);
          break;
        }
        default:
          throw new Error(`${cls.name}.${property}: unsupported validation type ${rule.type}`);
      }
    }
    if (Object.keys(items).length) merge(schema, { type: 'array', items: finish(items) });
    const doc = [docFor(cls, property), requiredWhen && `required when ${requiredWhen}`].filter(Boolean).join('; ');
    if (doc) merge(schema, { description: doc });
    return { schema: finish(schema), optional };
  }
}

/**
 * One schema per enum in NAMED_ENUMS, referenced from properties by name, with what each value means
 * (ENUM_MEANINGS): in the description as a list, and by value in `x-enum-descriptions` for tools.
 */
export function enumSchemas(): SchemaMap {
  const out: SchemaMap = {};
  for (const [name, e] of Object.entries(NAMED_ENUMS)) {
    const values = enumValues(e as Record<string, string | number>);
    const names = Object.keys(e).filter((k) => !/^[0-9]+$/.test(k));
    const numeric = values.every((v) => typeof v === 'number');
    const meanings = ENUM_MEANINGS[name as keyof typeof ENUM_MEANINGS];
    const meaningOf = (member: string) => (meanings.values as Record<string, string>)[member];
    // the wire value, and the member name where it differs (`7` JOB_CONVERSATION, `da` DA)
    const label = (member: string, i: number) => `\`${values[i]}\`${String(values[i]) === member ? '' : ` ${member}`}`;
    out[name] = {
      type: numeric ? 'integer' : 'string',
      enum: values,
      description: [
        meanings.about,
        '',
        ...names.map((member, i) => `- ${label(member, i)}: ${meaningOf(member)}`),
      ].join('\n'),
      'x-enum-descriptions': Object.fromEntries(names.map((member, i) => [String(values[i]), meaningOf(member)])),
      ...(numeric ? { 'x-enum-varnames': names } : {}),
    };
  }
  return out;
}
