import type { FieldIssue } from '../../../domain/src/errors.js';

/**
 * The body does not have the shape the route reads (types, required fields, unknown fields): what a
 * DTO/schema check finds before any domain rule runs. Catalog 422, accounts 400 problem 8
 * (`schemaValidationFailure`). Domain rule failures are the domain's `ValidationError` (problem 9).
 */
export class SchemaValidationError extends Error {
  override readonly name = 'SchemaValidationError';
  constructor(
    readonly issues: FieldIssue[],
    detail?: string,
  ) {
    super(detail ?? `The request body is invalid: ${issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; ')}`);
  }
}
