import { buildSchema, parse, validate } from 'graphql';
import { checkOperationText, checkVariableValues, CLIENT_INPUT_LIMITS, controlCharacterIn, inputLiteralsRule, localizeInputLimitError } from './input-limits';

const deepJson = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
};

describe('input limits', () => {
  describe('variables', () => {
    it.each([
      ['a NUL byte', { input: { login: 'aigul\u0000' } }, /"\$input\.login" contains the control character U\+0000/],
      ['an escape character', { text: 'x\u001b[31m' }, /"\$text" contains the control character U\+001B/],
      ['DEL', { list: ['ok', 'bad\u007f'] }, /"\$list\[1\]" contains the control character U\+007F/],
      ['a constructor key', { input: { data: { constructor: { prototype: 1 } } } }, /"\$input\.data\.constructor": the key "constructor" is not accepted/],
      ['a __proto__ key', JSON.parse('{"input":{"data":{"__proto__":{"admin":true}}}}') as Record<string, unknown>, /the key "__proto__" is not accepted/],
      ['a prototype key', { data: { prototype: 1 } }, /the key "prototype" is not accepted/],
    ])('refuses %s, naming the path', (_what, variables, message) => {
      const error = checkVariableValues(variables, CLIENT_INPUT_LIMITS);
      expect(error?.extensions.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toMatch(message);
    });

    it('refuses JSON deeper than the limit, naming the limit, and survives 100,000 levels', () => {
      const error = checkVariableValues({ data: deepJson(CLIENT_INPUT_LIMITS.maxValueDepth + 1) }, CLIENT_INPUT_LIMITS);
      expect(error?.message).toMatch(/nests too deeply: at most 32 levels/);
      expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxValueDepth', limitValue: 32 });
      const hostile = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
      expect(checkVariableValues({ data: hostile }, CLIENT_INPUT_LIMITS)?.extensions.limit).toBe('maxValueDepth');
    });

    it('refuses more values than the limit', () => {
      const wide = Array.from({ length: CLIENT_INPUT_LIMITS.maxValueNodes + 1 }, () => 1);
      expect(checkVariableValues({ wide }, CLIENT_INPUT_LIMITS)?.extensions.limit).toBe('maxValueNodes');
    });

    it('accepts ordinary input: text with tabs and line breaks, Cyrillic, nested form data at the limit', () => {
      expect(checkVariableValues({ text: 'Жалоба:\n\tсрок нарушен\r\n', data: deepJson(CLIENT_INPUT_LIMITS.maxValueDepth), n: 3, none: null }, CLIENT_INPUT_LIMITS)).toBeNull();
      expect(checkVariableValues(undefined, CLIENT_INPUT_LIMITS)).toBeNull();
    });
  });

  describe('operation text before parsing', () => {
    const chain = (length: number) =>
      `query { ...F0 }\n${Array.from({ length }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`).join('\n')}\nfragment F${length} on Query { __typename }`;

    it('refuses more fragments than the limit by their count, and 4,000 chained ones', () => {
      const error = checkOperationText(chain(150), CLIENT_INPUT_LIMITS);
      expect(error?.message).toMatch(/too many fragments: more than 100/);
      expect(error?.extensions.limit).toBe('maxFragments');
      expect(checkOperationText(chain(4000), CLIENT_INPUT_LIMITS)?.extensions.code).toBe('BAD_USER_INPUT');
    });

    it('refuses deep nesting (selections or literals) before the recursive parser sees it', () => {
      expect(checkOperationText(`{ a(x: ${'['.repeat(5000)}${']'.repeat(5000)}) }`, CLIENT_INPUT_LIMITS)?.extensions.limit).toBe('maxNesting');
      expect(checkOperationText(`${'{ a '.repeat(100_000)}${'}'.repeat(100_000)}`, CLIENT_INPUT_LIMITS)?.extensions.limit).toBe('maxDocumentChars');
      expect(checkOperationText(`${'{ a '.repeat(1000)}${'}'.repeat(1000)}`, CLIENT_INPUT_LIMITS)?.extensions.limit).toBe('maxNesting');
    });

    it('refuses too many tokens and too long a text', () => {
      expect(checkOperationText(`{ ${'a '.repeat(9000)} }`, CLIENT_INPUT_LIMITS)?.extensions.limit).toBe('maxTokens');
      expect(checkOperationText(`# ${'x'.repeat(70_000)}\n{ a }`, CLIENT_INPUT_LIMITS)?.extensions.limit).toBe('maxDocumentChars');
    });

    it('passes ordinary operations and leaves syntax errors to the parser', () => {
      expect(checkOperationText('query Q($id: ID!) { application(id: $id) { id ...Parts } } fragment Parts on Application { number }', CLIENT_INPUT_LIMITS)).toBeNull();
      expect(checkOperationText('{ "unterminated }', CLIENT_INPUT_LIMITS)).toBeNull();
    });
  });

  describe('literals in the document', () => {
    const schema = buildSchema('scalar JSON\ninput LoginInput { login: String!, password: String! }\ntype Query { login(input: LoginInput!): Boolean, save(data: JSON): Boolean }');
    const errorsOf = (query: string) => validate(schema, parse(query), [inputLiteralsRule(CLIENT_INPUT_LIMITS)]).map((e) => [e.message, e.extensions.code]);

    it('refuses control characters in string literals, naming the argument', () => {
      expect(errorsOf('{ login(input: { login: "a\\u0000b", password: "x" }) }')).toEqual([[expect.stringMatching(/^The argument "input" contains the control character U\+0000/), 'BAD_USER_INPUT']]);
    });

    it('refuses forbidden keys and deep literals in JSON arguments', () => {
      expect(errorsOf('{ save(data: { constructor: 1 }) }')[0]?.[0]).toMatch(/the key "constructor" is not accepted/);
      expect(errorsOf(`{ save(data: ${'['.repeat(40)}${']'.repeat(40)}) }`)[0]?.[0]).toMatch(/nests too deeply: at most 32 levels/);
    });

    it('accepts ordinary literals', () => {
      expect(errorsOf('{ login(input: { login: "aigul@example.kg", password: "Citizen2026!\\n" }) save(data: { issuedFor: "self", list: [1, 2] }) }')).toEqual([]);
    });
  });

  it('names control characters as code points', () => {
    expect(controlCharacterIn('ok\ttab\nline\r')).toBeNull();
    expect(controlCharacterIn('a\u0007')).toBe('U+0007');
  });

  it("speaks the caller's language where it is known, English otherwise", () => {
    const refusal = () => checkVariableValues({ input: { comment: 'x\u0000' } }, CLIENT_INPUT_LIMITS)!;
    const ru = refusal();
    localizeInputLimitError(ru, 'RU');
    expect(ru.message).toBe('"$input.comment" содержит управляющий символ U+0000; удалите его (допускаются только табуляция, перевод строки и возврат каретки).');
    const ky = refusal();
    localizeInputLimitError(ky, 'KY');
    expect(ky.message).toMatch(/^"\$input\.comment" U\+0000 башкаруучу белгисин камтыйт/);
    const unknown = refusal();
    localizeInputLimitError(unknown, null);
    expect(unknown.message).toMatch(/contains the control character U\+0000/);
    const deep = checkOperationText(`{ a(x: ${'['.repeat(100)}${']'.repeat(100)}) }`, CLIENT_INPUT_LIMITS)!;
    localizeInputLimitError(deep, 'RU');
    expect(deep.message).toBe('Операция вложена слишком глубоко: больше 48 уровней скобок.');
    expect(deep.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxNesting', limitValue: 48 });
  });
});
