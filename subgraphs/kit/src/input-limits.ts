import type { ApolloServerPlugin } from '@apollo/server';
import { type ASTVisitor, GraphQLError, Kind, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Limits on what one request may send, checked before anything walks the input (parser, scalar
 * coercion, JSON.stringify, canonicalisation): every walk here is iterative, so no input, however
 * deep, can overflow the stack.
 */
export interface InputLimits {
  /** Characters of the operation text. */
  maxDocumentChars: number;
  /** Lexical tokens of the operation text. */
  maxTokens: number;
  /** Nesting of `{`, `[` and `(` in the operation text. */
  maxNesting: number;
  /** Fragment definitions in one document. */
  maxFragments: number;
  /** Nesting of objects and lists in one variable or literal argument (JSON arguments included). */
  maxValueDepth: number;
  /** Values (objects, lists, scalars) in all variables of one request. */
  maxValueNodes: number;
}

/** For the public endpoint (the gateway): generous for every screen query of the clients. */
export const CLIENT_INPUT_LIMITS: InputLimits = {
  maxDocumentChars: 64 * 1024,
  maxTokens: 8_000,
  maxNesting: 48,
  maxFragments: 100,
  maxValueDepth: 32,
  maxValueNodes: 20_000,
};

/**
 * For subgraphs: what the gateway's query plans send (fragments inlined, `_entities` wrappers,
 * batched representations) stays well inside, and a subgraph called directly is still safe.
 */
export const SUBGRAPH_INPUT_LIMITS: InputLimits = {
  maxDocumentChars: 512 * 1024,
  maxTokens: 64_000,
  maxNesting: 64,
  maxFragments: 500,
  maxValueDepth: 40,
  maxValueNodes: 200_000,
};

/** Keys that would reach Object.prototype when code indexes plain objects with client input. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// C0 controls except TAB, LF and CR; DEL
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function inputLimitError(message: string, limit?: { name: keyof InputLimits; value: number }): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(limit ? { limit: limit.name, limitValue: limit.value } : {}), http: { status: 400 } },
  });
}

/** The first control character of `text`, as U+XXXX, or null. */
export function controlCharacterIn(text: string): string | null {
  const match = CONTROL_CHARACTER.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/**
 * A cheap scan of the operation text before parsing (the parser recurses on nesting): size,
 * tokens, bracket nesting and fragment count. Returns the refusal, or null when the text is within
 * the limits (syntax errors are left to the parser, which reports them with their location).
 */
export function checkOperationText(text: string, limits: InputLimits): GraphQLError | null {
  if (text.length > limits.maxDocumentChars) {
    return inputLimitError(`The operation is too large: ${text.length} characters; send at most ${limits.maxDocumentChars}.`, { name: 'maxDocumentChars', value: limits.maxDocumentChars });
  }
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let nesting = 0;
  let fragments = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > limits.maxTokens) {
        return inputLimitError(`The operation is too large: more than ${limits.maxTokens} tokens; send a smaller operation.`, { name: 'maxTokens', value: limits.maxTokens });
      }
      switch (token.kind) {
        case TokenKind.BRACE_L:
        case TokenKind.BRACKET_L:
        case TokenKind.PAREN_L:
          nesting += 1;
          if (nesting > limits.maxNesting) {
            return inputLimitError(`The operation nests too deeply: more than ${limits.maxNesting} levels of brackets.`, { name: 'maxNesting', value: limits.maxNesting });
          }
          break;
        case TokenKind.BRACE_R:
        case TokenKind.BRACKET_R:
        case TokenKind.PAREN_R:
          nesting -= 1;
          break;
        case TokenKind.NAME:
          if (nesting === 0 && token.value === 'fragment') {
            fragments += 1;
            if (fragments > limits.maxFragments) {
              return inputLimitError(`The operation defines too many fragments: more than ${limits.maxFragments}.`, { name: 'maxFragments', value: limits.maxFragments });
            }
          }
          break;
        default:
          break;
      }
    }
  } catch (error) {
    if (error instanceof GraphQLError) return null;
    throw error;
  }
  return null;
}

interface PendingValue {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * Checks a request's variables without recursion: no string with a control character, no key
 * that reaches Object.prototype, no value nested deeper than maxValueDepth, at most maxValueNodes
 * values in all. The refusal names the variable path, e.g. `$input.data.comment`.
 */
export function checkVariableValues(variables: Record<string, unknown> | null | undefined, limits: InputLimits): GraphQLError | null {
  if (!variables) return null;
  const pending: PendingValue[] = [];
  for (const name of Object.keys(variables)) pending.push({ value: variables[name], path: `$${name}`, depth: 0 });
  let nodes = 0;
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    nodes += 1;
    if (nodes > limits.maxValueNodes) {
      return inputLimitError(`The variables hold too many values: more than ${limits.maxValueNodes}.`, { name: 'maxValueNodes', value: limits.maxValueNodes });
    }
    if (typeof value === 'string') {
      const control = controlCharacterIn(value);
      if (control) return inputLimitError(`${shortPath(path)} contains the control character ${control}; remove it (only tab, line feed and carriage return are accepted).`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxValueDepth) {
      return inputLimitError(`${shortPath(path)} nests too deeply: at most ${limits.maxValueDepth} levels of objects and lists are accepted.`, { name: 'maxValueDepth', value: limits.maxValueDepth });
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) pending.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      const keyPath = `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) return inputLimitError(`${shortPath(keyPath)}: the key "${key}" is not accepted; rename it.`);
      const control = controlCharacterIn(key);
      if (control) return inputLimitError(`A key in ${shortPath(path)} contains the control character ${control}; remove it.`);
      pending.push({ value: (value as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Validation rule: the same checks on the literal values written in the document (arguments,
 * variable defaults, directive arguments). graphql-js visits iteratively; the text scan before
 * parsing already bounds the nesting the parser sees.
 */
export function inputLiteralsRule(limits: InputLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let where = 'a literal value';
    let depth = 0;
    let reported = false;
    const report = (error: GraphQLError) => {
      if (reported) return;
      reported = true;
      context.reportError(error);
    };
    return {
      Argument: { enter: (node) => void (where = `the argument "${node.name.value}"`) },
      VariableDefinition: { enter: (node) => void (where = `the default of $${node.variable.name.value}`) },
      ObjectValue: {
        enter: () => {
          depth += 1;
          if (depth > limits.maxValueDepth) report(inputLimitError(`${where} nests too deeply: at most ${limits.maxValueDepth} levels of objects and lists are accepted.`, { name: 'maxValueDepth', value: limits.maxValueDepth }));
        },
        leave: () => void (depth -= 1),
      },
      ListValue: {
        enter: () => {
          depth += 1;
          if (depth > limits.maxValueDepth) report(inputLimitError(`${where} nests too deeply: at most ${limits.maxValueDepth} levels of objects and lists are accepted.`, { name: 'maxValueDepth', value: limits.maxValueDepth }));
        },
        leave: () => void (depth -= 1),
      },
      ObjectField: (node) => {
        if (FORBIDDEN_KEYS.has(node.name.value)) report(inputLimitError(`${where}: the key "${node.name.value}" is not accepted; rename it.`));
      },
      StringValue: (node) => {
        const control = controlCharacterIn(node.value);
        if (control) report(inputLimitError(`${where} contains the control character ${control}; remove it (only tab, line feed and carriage return are accepted).`));
      },
      [Kind.OPERATION_DEFINITION]: { leave: () => void (where = 'a literal value') },
    };
  };
}

/**
 * Apollo Server plugin: refuses variables breaking the limits before execution (variable coercion,
 * query planning and forwarding to subgraphs all walk them).
 */
export function inputLimitsPlugin<TContext extends object>(limits: InputLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request }) {
          const error = checkVariableValues(request.variables as Record<string, unknown> | undefined, limits);
          if (error) throw error;
        },
      };
    },
  };
}

/** Paths of deep input are long: the start says where, the end is elided. */
function shortPath(path: string): string {
  return `"${path.length > 120 ? `${path.slice(0, 117)}...` : path}"`;
}
