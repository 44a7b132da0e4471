/**
 * A compiled acceptance check for event data, built once per data class from class-validator's own
 * metadata: the same rule functions, called directly on the plain data, without class-validator's
 * per-call machinery (instances, error objects, messages), which is most of the cost of a check on the
 * outbox and inbox hot paths.
 *
 * It only ever says "accepted": every doubt (a rule type it does not know, a Set, a nested array item
 * that is not an object, any failing rule) answers false, and the caller then asks class-validator,
 * which decides and words the reason. So acceptance here implies acceptance there (a property test
 * checks this over every registered event and many mutations of it).
 */
import { getMetadataStorage, ValidationArguments, ValidationTypes } from 'class-validator';
import { SchemaContext } from './decorators';

type DataClass = new () => object;
type Plain = Record<string, unknown>;

interface RuleCheck {
  validate: (value: unknown, args: ValidationArguments) => unknown;
  constraints: unknown[];
  each: boolean;
}

interface PropertyCheck {
  name: string;
  /** ValidateIf conditions: all must hold, or the property is not validated at all */
  conditions: Array<(object: Plain, value: unknown) => boolean>;
  rules: RuleCheck[];
  /** nested data classes (ValidateNested); resolved lazily, classes may refer to each other */
  nested: Array<() => AnyCompiled>;
}

type AnyCompiled = CompiledClass | null;

interface CompiledClass {
  targetName: string;
  known: ReadonlySet<string>;
  properties: PropertyCheck[];
}

const compiled = new Map<DataClass, AnyCompiled>();

/** True only when class-validator would accept `data` for `dataClass` with the same strictness. */
export function fastAccept(dataClass: DataClass, data: Plain, strict: boolean): boolean {
  const check = compiledFor(dataClass);
  return check !== null && accepts(check, data, strict);
}

function accepts(check: CompiledClass, data: Plain, strict: boolean): boolean {
  if (strict) for (const key in data) if (!check.known.has(key)) return false;
  for (const property of check.properties) {
    const value = data[property.name];
    let validated = true;
    for (const condition of property.conditions) if (!condition(data, value)) validated = false;
    if (!validated) continue;
    if (property.rules.length) {
      const args: ValidationArguments = {
        targetName: check.targetName,
        property: property.name,
        object: data,
        value,
        constraints: [],
      };
      for (const rule of property.rules) {
        args.constraints = rule.constraints;
        if (rule.each && Array.isArray(value)) {
          for (const item of value) if (rule.validate(item, args) !== true) return false;
        } else if (rule.each && (value instanceof Set || value instanceof Map)) return false;
        else if (rule.validate(value, args) !== true) return false;
      }
    }
    if (value === undefined) continue; // class-validator skips nested validation of an absent value
    for (const nested of property.nested) {
      const inner = nested();
      if (inner === null) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (!isPlainObject(item) || !accepts(inner, item, strict)) return false;
      } else if (!isPlainObject(value) || !accepts(inner, value, strict)) return false;
    }
  }
  return true;
}

const isPlainObject = (v: unknown): v is Plain =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set) && !(v instanceof Map);

function compiledFor(dataClass: DataClass): AnyCompiled {
  if (compiled.has(dataClass)) return compiled.get(dataClass)!;
  compiled.set(dataClass, null); // while compiling: a self-reference resolves lazily below
  const result = compile(dataClass);
  compiled.set(dataClass, result);
  return result;
}

/** Null when the class uses anything this check does not reproduce exactly; class-validator then decides. */
function compile(dataClass: DataClass): AnyCompiled {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(dataClass, '', true, false);
  if (!metadatas.length) return null; // forbidUnknownValues refuses a class without rules
  const byName = new Map<string, PropertyCheck>();
  for (const m of metadatas) {
    if (m.groups?.length || m.always) return null;
    const property = byName.get(m.propertyName) ?? { name: m.propertyName, conditions: [], rules: [], nested: [] };
    byName.set(m.propertyName, property);
    switch (m.type) {
      case ValidationTypes.CONDITIONAL_VALIDATION:
        property.conditions.push(m.constraints[0] as PropertyCheck['conditions'][number]);
        break;
      case ValidationTypes.CUSTOM_VALIDATION: {
        if (typeof m.constraintCls !== 'function') return null;
        const constraint = new (m.constraintCls as new () => { validate: RuleCheck['validate'] })();
        property.rules.push({
          validate: constraint.validate.bind(constraint),
          constraints: m.constraints ?? [],
          each: m.each === true,
        });
        break;
      }
      case ValidationTypes.NESTED_VALIDATION: {
        const nestedClass = (m.context as SchemaContext | undefined)?.nested?.();
        if (!nestedClass) return null;
        property.nested.push(() => compiledFor(nestedClass as unknown as DataClass));
        break;
      }
      default:
        return null;
    }
  }
  // a class field with an initialiser but no rule would make class-validator's whitelist refuse every instance
  const known = new Set(byName.keys());
  if (Object.keys(new dataClass()).some((key) => !known.has(key))) return null;
  return { targetName: dataClass.name, known, properties: [...byName.values()] };
}
