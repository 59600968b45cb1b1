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

export function inputLimitError(message: string, limit?: { name: keyof InputLimits; value: number }, localized?: LocalizedMessage): GraphQLError {
  const error = new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(limit ? { limit: limit.name, limitValue: limit.value } : {}), http: { status: 400 } },
  });
  if (localized) (error as LocalizedError)[LOCALIZED] = localized;
  return error;
}

/** Where in the request a refused value is: a variable path, or a literal in the operation. */
export type InputPlace = { variablePath: string } | { argument: string } | { variableDefault: string } | { literal: true };

type Texts = { en: string; ru: string; ky: string };
/** The message of a refusal in each language; the English one is the default when the language is unknown. */
export type LocalizedMessage = Texts;
const LOCALIZED = Symbol('localized input-limit message');
type LocalizedError = GraphQLError & { [LOCALIZED]?: LocalizedMessage };

function place(where: InputPlace): Texts {
  if ('variablePath' in where) {
    const path = shortPath(where.variablePath);
    return { en: path, ru: path, ky: path };
  }
  if ('argument' in where) return { en: `the argument "${where.argument}"`, ru: `аргумент «${where.argument}»`, ky: `«${where.argument}» аргументи` };
  if ('variableDefault' in where) return { en: `the default of $${where.variableDefault}`, ru: `значение по умолчанию $${where.variableDefault}`, ky: `$${where.variableDefault} демейки мааниси` };
  return { en: 'a literal value', ru: 'значение в операции', ky: 'операциядагы маани' };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The refusals of the input limits, in English, Russian and Kyrgyz. */
export const INPUT_LIMIT_TEXTS = {
  documentTooLarge: (found: number, limit: number): Texts => ({
    en: `The operation is too large: ${found} characters; send at most ${limit}.`,
    ru: `Операция слишком большая: ${found} символов; отправьте не больше ${limit}.`,
    ky: `Операция өтө чоң: ${found} белги; эң көп ${limit} белги жөнөтүңүз.`,
  }),
  tooManyTokens: (limit: number): Texts => ({
    en: `The operation is too large: more than ${limit} tokens; send a smaller operation.`,
    ru: `Операция слишком большая: больше ${limit} лексем; отправьте операцию поменьше.`,
    ky: `Операция өтө чоң: ${limit} лексемадан ашык; кичирээк операция жөнөтүңүз.`,
  }),
  nestingTooDeep: (limit: number): Texts => ({
    en: `The operation nests too deeply: more than ${limit} levels of brackets.`,
    ru: `Операция вложена слишком глубоко: больше ${limit} уровней скобок.`,
    ky: `Операция өтө терең салынган: кашаалардын ${limit} деңгээлинен ашык.`,
  }),
  tooManyFragments: (limit: number): Texts => ({
    en: `The operation defines too many fragments: more than ${limit}.`,
    ru: `В операции слишком много фрагментов: больше ${limit}.`,
    ky: `Операцияда фрагменттер өтө көп: ${limit} ашык.`,
  }),
  tooManyValues: (limit: number): Texts => ({
    en: `The variables hold too many values: more than ${limit}.`,
    ru: `В переменных слишком много значений: больше ${limit}.`,
    ky: `Өзгөрмөлөрдө маанилер өтө көп: ${limit} ашык.`,
  }),
  controlCharacter: (where: InputPlace, character: string): Texts => {
    const at = place(where);
    return {
      en: `${capitalize(at.en)} contains the control character ${character}; remove it (only tab, line feed and carriage return are accepted).`,
      ru: `${capitalize(at.ru)} содержит управляющий символ ${character}; удалите его (допускаются только табуляция, перевод строки и возврат каретки).`,
      ky: `${capitalize(at.ky)} ${character} башкаруучу белгисин камтыйт; аны өчүрүңүз (табуляция, сап которуу жана каретканы кайтаруу гана кабыл алынат).`,
    };
  },
  controlCharacterInKey: (where: InputPlace, character: string): Texts => {
    const at = place(where);
    return {
      en: `A key in ${at.en} contains the control character ${character}; remove it.`,
      ru: `Ключ в ${at.ru} содержит управляющий символ ${character}; удалите его.`,
      ky: `${capitalize(at.ky)} ичиндеги ачкыч ${character} башкаруучу белгисин камтыйт; аны өчүрүңүз.`,
    };
  },
  forbiddenKey: (where: InputPlace, key: string): Texts => {
    const at = place(where);
    return {
      en: `${capitalize(at.en)}: the key "${key}" is not accepted; rename it.`,
      ru: `${capitalize(at.ru)}: ключ «${key}» не принимается; переименуйте его.`,
      ky: `${capitalize(at.ky)}: «${key}» ачкычы кабыл алынбайт; атын өзгөртүңүз.`,
    };
  },
  valueTooDeep: (where: InputPlace, limit: number): Texts => {
    const at = place(where);
    return {
      en: `${capitalize(at.en)} nests too deeply: at most ${limit} levels of objects and lists are accepted.`,
      ru: `${capitalize(at.ru)} вложено слишком глубоко: допускается не больше ${limit} уровней объектов и списков.`,
      ky: `${capitalize(at.ky)} өтө терең салынган: объекттердин жана тизмелердин эң көп ${limit} деңгээли кабыл алынат.`,
    };
  },
} as const;

function refusal(texts: Texts, limit?: { name: keyof InputLimits; value: number }): GraphQLError {
  return inputLimitError(texts.en, limit, texts);
}

/** The refusal's message in `language` (KY or RU) when it has one; unchanged otherwise. */
export function localizeInputLimitError(error: GraphQLError, language: 'KY' | 'RU' | null): void {
  const localized = (error as LocalizedError)[LOCALIZED] ?? ((error.originalError as LocalizedError | undefined)?.[LOCALIZED]);
  if (!localized || !language) return;
  error.message = language === 'RU' ? localized.ru : localized.ky;
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
    return refusal(INPUT_LIMIT_TEXTS.documentTooLarge(text.length, limits.maxDocumentChars), { name: 'maxDocumentChars', value: limits.maxDocumentChars });
  }
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let nesting = 0;
  let fragments = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > limits.maxTokens) {
        return refusal(INPUT_LIMIT_TEXTS.tooManyTokens(limits.maxTokens), { name: 'maxTokens', value: limits.maxTokens });
      }
      switch (token.kind) {
        case TokenKind.BRACE_L:
        case TokenKind.BRACKET_L:
        case TokenKind.PAREN_L:
          nesting += 1;
          if (nesting > limits.maxNesting) {
            return refusal(INPUT_LIMIT_TEXTS.nestingTooDeep(limits.maxNesting), { name: 'maxNesting', value: limits.maxNesting });
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
              return refusal(INPUT_LIMIT_TEXTS.tooManyFragments(limits.maxFragments), { name: 'maxFragments', value: limits.maxFragments });
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
      return refusal(INPUT_LIMIT_TEXTS.tooManyValues(limits.maxValueNodes), { name: 'maxValueNodes', value: limits.maxValueNodes });
    }
    if (typeof value === 'string') {
      const control = controlCharacterIn(value);
      if (control) return refusal(INPUT_LIMIT_TEXTS.controlCharacter({ variablePath: path }, control));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxValueDepth) {
      return refusal(INPUT_LIMIT_TEXTS.valueTooDeep({ variablePath: path }, limits.maxValueDepth), { name: 'maxValueDepth', value: limits.maxValueDepth });
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) pending.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      const keyPath = `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) return refusal(INPUT_LIMIT_TEXTS.forbiddenKey({ variablePath: keyPath }, key));
      const control = controlCharacterIn(key);
      if (control) return refusal(INPUT_LIMIT_TEXTS.controlCharacterInKey({ variablePath: path }, control));
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
    let where: InputPlace = { literal: true };
    let depth = 0;
    let reported = false;
    const report = (error: GraphQLError) => {
      if (reported) return;
      reported = true;
      context.reportError(error);
    };
    return {
      Argument: { enter: (node) => void (where = { argument: node.name.value }) },
      VariableDefinition: { enter: (node) => void (where = { variableDefault: node.variable.name.value }) },
      ObjectValue: {
        enter: () => {
          depth += 1;
          if (depth > limits.maxValueDepth) report(refusal(INPUT_LIMIT_TEXTS.valueTooDeep(where, limits.maxValueDepth), { name: 'maxValueDepth', value: limits.maxValueDepth }));
        },
        leave: () => void (depth -= 1),
      },
      ListValue: {
        enter: () => {
          depth += 1;
          if (depth > limits.maxValueDepth) report(refusal(INPUT_LIMIT_TEXTS.valueTooDeep(where, limits.maxValueDepth), { name: 'maxValueDepth', value: limits.maxValueDepth }));
        },
        leave: () => void (depth -= 1),
      },
      ObjectField: (node) => {
        if (FORBIDDEN_KEYS.has(node.name.value)) report(refusal(INPUT_LIMIT_TEXTS.forbiddenKey(where, node.name.value)));
      },
      StringValue: (node) => {
        const control = controlCharacterIn(node.value);
        if (control) report(refusal(INPUT_LIMIT_TEXTS.controlCharacter(where, control)));
      },
      [Kind.OPERATION_DEFINITION]: { leave: () => void (where = { literal: true }) },
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
        // refusals speak the caller's language where it is known (the client's Accept-Language, else the user's preference)
        async didEncounterErrors({ errors, contextValue }) {
          const caller = (contextValue as { caller?: { acceptLanguage: 'KY' | 'RU' | null; preferredLanguage: 'KY' | 'RU' | null } }).caller;
          const language = caller ? (caller.acceptLanguage ?? caller.preferredLanguage) : null;
          for (const error of errors) localizeInputLimitError(error, language);
        },
      };
    },
  };
}

/** Paths of deep input are long: the start says where, the end is elided. */
function shortPath(path: string): string {
  return `"${path.length > 120 ? `${path.slice(0, 117)}...` : path}"`;
}
