// Turns TypeBox validation failures into field errors with stable i18n keys.
import type { TSchema, Static } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { AppError, type FieldError } from './errors.js';

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function checkerFor(schema: TSchema): TypeCheck<TSchema> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

function fieldName(error: ValueError): string {
  return error.path.replace(/^\//, '').replace(/\//g, '.') || '_';
}

function messageFor(error: ValueError): { message: string; params?: Record<string, string | number> } {
  const s = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.StringMinLength:
      return error.value === '' || error.value === undefined ? { message: 'validation.required' } : { message: 'validation.min_length', params: { min: s.minLength as number } };
    case ValueErrorType.StringMaxLength:
      return { message: 'validation.max_length', params: { max: s.maxLength as number } };
    case ValueErrorType.StringFormat:
      return { message: `validation.format_${String(s.format)}` };
    case ValueErrorType.StringPattern:
      return { message: 'validation.pattern' };
    case ValueErrorType.ObjectRequiredProperty:
      return { message: 'validation.required' };
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return { message: 'validation.minimum', params: { min: s.minimum as number } };
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return { message: 'validation.maximum', params: { max: s.maximum as number } };
    case ValueErrorType.Union:
    case ValueErrorType.Literal:
      return { message: 'validation.choice' };
    case ValueErrorType.ObjectAdditionalProperties:
      return { message: 'validation.unknown_field' };
    default:
      return { message: 'validation.invalid' };
  }
}

/**
 * The fields holding a NUL character, in names or values. PostgreSQL cannot store NUL in text (a
 * query carrying one fails), SQLite can; refusing it here, for every action input whatever its way
 * in (path, query, body, form, CLI), makes both engines answer alike: a field error, never a 500.
 */
export function fieldsWithNul(value: unknown, path = '', out: FieldError[] = []): FieldError[] {
  if (out.length >= 50) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ field: path || '_', message: 'validation.control_characters' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => fieldsWithNul(item, path ? `${path}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) out.push({ field: path || '_', message: 'validation.control_characters' });
      else fieldsWithNul(item, field, out);
    }
  }
  return out;
}

/** Validates (after applying defaults) and returns the typed value, or throws INVALID with field errors. */
export function validate<T extends TSchema>(schema: T, input: unknown): Static<T> {
  const withNul = fieldsWithNul(input);
  if (withNul.length > 0) throw new AppError('INVALID', 'error.invalid_input', withNul);
  const value = Value.Default(schema, structuredClone(input ?? {}));
  const check = checkerFor(schema);
  if (check.Check(value)) return value as Static<T>;
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of check.Errors(value)) {
    let field = fieldName(error);
    if (error.type === ValueErrorType.ObjectAdditionalProperties) {
      field = 'unknown';
    }
    if (seen.has(field)) continue;
    seen.add(field);
    fields.push({ field, ...messageFor(error) });
    if (fields.length >= 50) break;
  }
  throw new AppError('INVALID', 'error.invalid_input', fields);
}

/** Form posts carry only strings: convert "12" to 12 and "on" to true where the schema wants it. */
export function coerceFormInput<T extends TSchema>(schema: T, input: unknown): unknown {
  return Value.Convert(schema, input);
}

// TypeBox knows no formats by default; these are the ones actions use.
import { FormatRegistry } from '@sinclair/typebox';
const emailPattern = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (v) => v.length <= 254 && emailPattern.test(v));
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v));
if (!FormatRegistry.Has('uri')) {
  FormatRegistry.Set('uri', (v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  });
}
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v));
