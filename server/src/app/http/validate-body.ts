// Request bodies are checked once, at the boundary, against shared/schemas/api; handlers then
// receive the generated type.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { apiSchemas, type ApiBodies } from '@botloom/shared';
import { ValidationError } from '../../ports/errors';

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const compiled = new Map<keyof ApiBodies, ValidateFunction>();

function validatorFor<K extends keyof ApiBodies>(name: K): ValidateFunction<ApiBodies[K]> {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(apiSchemas[name]);
    compiled.set(name, validate);
  }
  return validate as ValidateFunction<ApiBodies[K]>;
}

export function parseBody<K extends keyof ApiBodies>(name: K, body: unknown, what = 'request body'): ApiBodies[K] {
  const validate = validatorFor(name);
  if (validate(body)) return body;
  const errors = (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '';
    const unknown = e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
    const message =
      e.keyword === 'additionalProperties'
        ? 'is not a known field'
        : e.keyword === 'required'
          ? 'is required'
          : e.keyword === 'pattern' && (e.params as { pattern: string }).pattern === '\\S'
            ? 'must not be blank'
            : (e.message ?? 'is not valid');
    return { path: e.instancePath + extra + unknown || '/', message };
  });
  throw new ValidationError(`The ${what} is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
}

/** Query parameters are checked like bodies (Express 5's req.query is a getter: copy it first). */
export function parseQuery<K extends keyof ApiBodies>(name: K, query: unknown): ApiBodies[K] {
  return parseBody(name, { ...(query as Record<string, unknown>) }, 'query');
}
