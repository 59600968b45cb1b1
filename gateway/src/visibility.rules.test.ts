import { ANONYMOUS, type Caller } from '@portal/kit';
import { buildSchema, parse, type OperationDefinitionNode, type FieldNode } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { fragmentMap } from './subscriptions/selection';
import { accessClassKey, selectionScope, visibilityFromSupergraph } from './visibility.rules';

const SDL = `
  type Query { application(id: ID!): Application @tag(name: "visibility:PROVIDER") notification(id: ID!): Notification }
  type Application {
    id: ID! @tag(name: "visibility:PUBLIC")
    status: String! @tag(name: "visibility:PUBLIC") @tag(name: "personal-data")
    data: String @tag(name: "visibility:PROVIDER")
    applicant: User @tag(name: "visibility:PROVIDER")
    shared: String @tag(name: "visibility:PUBLIC")
  }
  type User { id: ID! fullName: String }
  type Notification { id: ID! @tag(name: "visibility:PUBLIC") }
`;
// another subgraph declaring the same (shareable) field differently
const OTHER_SUBGRAPH = `type Application { shared: String @tag(name: "visibility:USER") }`;
const schema = buildSchema(`directive @tag(name: String!) repeatable on FIELD_DEFINITION\n${SDL}`);
const model = visibilityFromSupergraph(`${SDL}\n${OTHER_SUBGRAPH}`);

/** The scope of `selection` asked under the root field. */
function scopeOf(selection: string, rootField = 'application'): string {
  const document = parse(`query Q { ${rootField}(id: "1") ${selection} }\nfragment F on Application { data }`);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const field = operation.selectionSet.selections[0] as FieldNode;
  return selectionScope(model, schema, 'Query', rootField, field.selectionSet, fragmentMap(document));
}

const officer = (userId: string, providerId: string, overrides: Partial<Caller> = {}): Caller => ({ ...ANONYMOUS('r'), userId, roles: ['PROVIDER_OFFICER'], providerId, ...overrides });

describe('visibility hints', () => {
  it('are read from the tags; two declarations of one field: the narrower wins', () => {
    expect(model.get('Application.id')).toBe('PUBLIC');
    expect(model.get('Application.applicant')).toBe('PROVIDER');
    expect(model.get('Application.shared')).toBe('USER');
    expect(model.has('User.fullName')).toBe(false);
  });

  it('make a selection as narrow as its root and its narrowest field; undeclared fields are USER', () => {
    expect(scopeOf('{ id status __typename }')).toBe('PROVIDER');
    expect(scopeOf('{ id data }')).toBe('PROVIDER');
    expect(scopeOf('{ id ...F }')).toBe('PROVIDER');
    expect(scopeOf('{ ... on Application { id } }')).toBe('PROVIDER');
    expect(scopeOf('{ applicant { id } }')).toBe('USER');
    expect(scopeOf('{ shared }')).toBe('USER');
    expect(scopeOf('{ id }', 'notification')).toBe('USER');
    expect(scopeOf('{ noSuchField }')).toBe('USER');
  });

  it('put officers of one provider with the same roles and language in one class, and nobody else', () => {
    const key = (caller: Caller) => accessClassKey('PROVIDER', caller, ['citizen-1']);
    expect(key(officer('o1', 'p1'))).toBe(key(officer('o2', 'p1')));
    expect(key(officer('o1', 'p1'))).not.toBe(key(officer('o3', 'p2')));
    expect(key(officer('o1', 'p1'))).not.toBe(key(officer('o2', 'p1', { preferredLanguage: 'RU' })));
    expect(key(officer('o1', 'p1'))).not.toBe(key(officer('o2', 'p1', { roles: ['PROVIDER_OFFICER', 'OPERATOR'] })));
    // the application's own applicant is alone, even when an officer of its provider
    expect(key(officer('citizen-1', 'p1'))).not.toBe(key(officer('o2', 'p1')));
  });

  it('keep USER classes per person', () => {
    expect(accessClassKey('USER', officer('o1', 'p1'), [])).not.toBe(accessClassKey('USER', officer('o2', 'p1'), []));
    expect(accessClassKey('USER', officer('o1', 'p1'), [])).toBe(accessClassKey('USER', officer('o1', 'p1', { requestId: 'other screen' }), []));
  });

  it('are declared in the composed supergraph for what the officer queue feed asks', () => {
    const sdl = readFileSync(path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
    const composed = visibilityFromSupergraph(sdl);
    const apiSchema = Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
    const document = parse('query Q { application(id: "1") { id number status service { title } } }');
    const field = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;
    expect(selectionScope(composed, apiSchema, 'Query', 'application', field.selectionSet, {})).toBe('PROVIDER');
    expect(composed.get('Application.data')).toBe('PROVIDER');
  });
});
