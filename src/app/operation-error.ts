/**
 * Expected failures of an operation (bad input, missing record, conflict, not allowed). Each edge maps them once:
 * the CLI to a message and exit code 2, HTTP to 400/404/409/403.
 */
export const operationErrorKinds = ['invalid', 'not-found', 'conflict', 'forbidden'] as const;
export type OperationErrorKind = (typeof operationErrorKinds)[number];

export class OperationError extends Error {
  constructor(
    readonly kind: OperationErrorKind,
    message: string,
    /** Which input field was wrong, when one was. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

export function invalid(message: string, field?: string): OperationError {
  return new OperationError('invalid', message, field);
}

export function notFound(message: string): OperationError {
  return new OperationError('not-found', message);
}
