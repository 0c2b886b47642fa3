import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { omittedOf, selectedNodeFields } from './selection.js';

/** The info of the root field of `query`, as graphql-js gives it to that field's resolver. */
function infoOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const fragments = Object.fromEntries(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const [field] = operation?.selectionSet.selections ?? [];
  return { fieldNodes: field?.kind === Kind.FIELD ? [field] : [], fragments };
}

const fields = (query: string) => {
  const selected = selectedNodeFields(infoOf(query));
  return selected && [...selected].sort();
};

describe('selectedNodeFields', () => {
  it('reads the fields of nodes and of edges.node, by name whatever their alias', () => {
    expect(fields('{ requests { nodes { id t: title } totalCount } }')).toEqual(['id', 'title']);
    expect(fields('{ requests { edges { cursor node { id status } } pageInfo { hasNextPage } } }')).toEqual([
      'id',
      'status',
    ]);
  });

  it('follows fragments and inline fragments at every level, and counts conditional fields', () => {
    const query = `query($d: Boolean!) {
      requests { ...Page ... on AssistanceRequestConnection { nodes { ... on AssistanceRequest { reference } } } }
    }
    fragment Page on AssistanceRequestConnection { edges { node { ...Item description @include(if: $d) } } }
    fragment Item on AssistanceRequest { id title }`;
    expect(fields(query)).toEqual(['description', 'id', 'reference', 'title']);
  });

  it('does not tell when a fragment is not defined, so that every column is read', () => {
    expect(fields('{ requests { nodes { ...Missing } } }')).toBeUndefined();
    expect(omittedOf(['description'], undefined)).toEqual([]);
  });

  it('leaves out only the optional properties not selected', () => {
    expect(omittedOf(['description', 'budget'], new Set(['id', 'budget']))).toEqual(['description']);
    expect(omittedOf(['description'], new Set(['description']))).toEqual([]);
  });
});
