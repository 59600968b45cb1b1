import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { currentRequestId, log } from './log';

/** The error codes clients may see (api-contract.graphql). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYMENT_REQUIRED'
  | 'RATE_LIMITED';

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYMENT_REQUIRED: 402,
  RATE_LIMITED: 429,
};

export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  ...Object.keys(HTTP_STATUS),
  // produced by graphql-js / Apollo Server for malformed operations: safe to show
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const MALFORMED_OPERATION_CODES: ReadonlySet<string> = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']);

/** A client-facing error carrying one of the contract's codes. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
    this.name = `${code}Error`;
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
  httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export const unauthenticated = (message = 'Sign in first: this operation needs a valid access token.') =>
  new AppError('UNAUTHENTICATED', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const badInput = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError('BAD_USER_INPUT', message, extra);
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const conflict = (message: string, extra: Record<string, unknown> = {}) => new AppError('CONFLICT', message, extra);
export const paymentRequired = (message: string) => new AppError('PAYMENT_REQUIRED', message);
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', message, { retryAfterSeconds });

/**
 * Apollo formatError: errors with a client code pass through; anything else is an internal
 * fault, logged with the request id and masked so no stack, SQL or table name leaks.
 */
export function maskUnexpectedError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (message: string, details: Record<string, unknown>) => void = defaultLog,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    // a malformed operation is bad input in the contract's terms; Apollo's own code stays alongside
    if (MALFORMED_OPERATION_CODES.has(code)) return { ...formatted, extensions: { ...extensions, code: 'BAD_USER_INPUT', graphqlCode: code } };
    return { ...formatted, extensions };
  }
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  // the request being answered (formatError runs inside its scope); a subgraph's id is the gateway's
  const requestId = (formatted.extensions?.requestId as string | undefined) ?? currentRequestId();
  log('unexpected error', { requestId, path: formatted.path, error: String((original as Error)?.stack ?? original) });
  return {
    message: 'Internal server error. The incident was logged; try again later.',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
  };
}

const errorLog = log.child({ component: 'errors' });

function defaultLog(message: string, details: Record<string, unknown>): void {
  errorLog.error(details, message);
}

/**
 * Removes graphql-js's schema hints ('Did you mean "pin"?') from an error message: in production a
 * client learns the schema from the contract, not by probing (validation and variable coercion).
 */
export function withoutSchemaHints(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(/ ?Did you mean [^?]*\?/g, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}
