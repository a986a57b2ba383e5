// Stands in for "ajv/dist/2020" in the browser build (see vite.config.ts): compile() hands back
// the validator compiled at build time for the schema's $id, so no code is generated at run time.
import { validatorsById } from 'virtual:botloom-validators';

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };

export default class PrecompiledAjv {
  constructor(_options?: unknown) {}

  addKeyword(_keyword: string): this {
    return this;
  }

  addSchema(_schema: unknown): this {
    return this;
  }

  compile(schema: { $id?: string }): Validator {
    const validator = schema.$id ? (validatorsById as Record<string, Validator | undefined>)[schema.$id] : undefined;
    if (!validator)
      throw new Error(`No validator was compiled at build time for schema ${schema.$id ?? '(no $id)'}; add it to shared/schemas`);
    return validator;
  }
}
