import { getOperationAST, parse } from 'graphql';
import { collectFields, entityQuery, fragmentMap } from './selection';

describe('subscription selections', () => {
  const document = parse(`
    subscription S($lang: Language, $skipNumber: Boolean!) {
      updates: myApplicationUpdates {
        to
        ... on ApplicationStatusEvent { at }
        ...Event
        app: application { id number @skip(if: $skipNumber) service { title(lang: $lang) } ...Paid }
      }
    }
    fragment Event on ApplicationStatusEvent { version }
    fragment Paid on Application { accrual { status } }
    fragment Unused on Application { id }
  `);
  const operation = getOperationAST(document)!;
  const root = operation.selectionSet.selections[0] as import('graphql').FieldNode;

  it('collects the event fields through inline fragments and spreads, under their aliases', () => {
    const fields = collectFields(root.selectionSet!, fragmentMap(document), {});
    expect(fields.map((f) => [f.responseKey, f.name])).toEqual([
      ['to', 'to'],
      ['at', 'at'],
      ['version', 'version'],
      ['app', 'application'],
    ]);
  });

  it('turns the entity selection into a query by id that keeps aliases, used fragments and used variables only', () => {
    const app = collectFields(root.selectionSet!, fragmentMap(document), {}).find((f) => f.name === 'application')!;
    const query = entityQuery('application', app.node.selectionSet, document, operation);
    expect(query).toContain('query SubscriptionEvent($__entityId: ID!, $lang: Language, $skipNumber: Boolean!)');
    expect(query).toContain('application(id: $__entityId)');
    expect(query).toContain('number @skip(if: $skipNumber)');
    expect(query).toContain('fragment Paid on Application');
    expect(query).not.toContain('fragment Unused');
    expect(query).not.toContain('fragment Event');
  });

  it('evaluates @skip and @include at the event level', () => {
    const doc = parse('subscription($s: Boolean!) { myApplicationUpdates { to @skip(if: $s) from @include(if: $s) } }');
    const field = getOperationAST(doc)!.selectionSet.selections[0] as import('graphql').FieldNode;
    expect(collectFields(field.selectionSet!, {}, { s: true }).map((f) => f.name)).toEqual(['from']);
    expect(collectFields(field.selectionSet!, {}, { s: false }).map((f) => f.name)).toEqual(['to']);
  });
});
