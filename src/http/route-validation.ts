// Route-schema (Ajv) failures as field errors with the same stable i18n keys the action validator
// (core/validation.ts) gives, one error per field, so a caller never sees Ajv's English.
import type { FieldError } from '../core/errors.js';

/** The part of an Ajv error object this mapping reads. */
export interface RouteSchemaError {
  keyword?: string;
  instancePath?: string;
  params?: Record<string, unknown>;
}

const knownFormats = new Set(['email', 'uri', 'date', 'date-time']);

const fieldOf = (path: string) => path.replace(/^\//, '').replace(/\//g, '.');

function fieldAndMessage(error: RouteSchemaError): FieldError {
  const path = fieldOf(error.instancePath ?? '');
  const params = error.params ?? {};
  const limit = params.limit as number;
  const under = (name: string) => (path ? `${path}.${name}` : name);
  switch (error.keyword) {
    case 'required':
      return { field: under(String(params.missingProperty)), message: 'validation.required' };
    case 'additionalProperties':
      return { field: under(String(params.additionalProperty)), message: 'validation.unknown_field' };
    case 'minLength':
      // At most a minimum of one character fails only on an empty value.
      return limit <= 1 ? { field: path, message: 'validation.required' } : { field: path, message: 'validation.min_length', params: { min: limit } };
    case 'maxLength':
      return { field: path, message: 'validation.max_length', params: { max: limit } };
    case 'format':
      return { field: path, message: knownFormats.has(String(params.format)) ? `validation.format_${String(params.format)}` : 'validation.invalid' };
    case 'pattern':
      return { field: path, message: 'validation.pattern' };
    case 'minimum':
    case 'exclusiveMinimum':
      return { field: path, message: 'validation.minimum', params: { min: limit } };
    case 'maximum':
    case 'exclusiveMaximum':
      return { field: path, message: 'validation.maximum', params: { max: limit } };
    case 'const':
    case 'enum':
    case 'anyOf':
    case 'oneOf':
      return { field: path, message: 'validation.choice' };
    default:
      return { field: path, message: 'validation.invalid' };
  }
}

/** One field error per field: the first failure Ajv reports for it. */
export function fieldErrorsFromRouteSchema(errors: RouteSchemaError[]): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const error of errors) {
    const fieldError = fieldAndMessage(error);
    const field = fieldError.field || '_';
    if (!byField.has(field)) byField.set(field, { ...fieldError, field });
    if (byField.size >= 50) break;
  }
  return [...byField.values()];
}
