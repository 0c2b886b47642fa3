import { type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * The fields a client selects on the nodes of a connection (`nodes { … }` and `edges { node { … } }`,
 * through fragments and inline fragments, with or without `@include`/`@skip`: a conditional field
 * counts as selected). Undefined when that cannot be told (a fragment the document does not define),
 * which the caller must take as "every field".
 */
export function selectedNodeFields(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
): Set<string> | undefined {
  const fields = new Set<string>();
  let unknown = false;

  const each = (
    set: SelectionSetNode | undefined,
    visit: (name: string, inner?: SelectionSetNode) => void,
  ) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) visit(selection.name.value, selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) each(selection.selectionSet, visit);
      else {
        const fragment: FragmentDefinitionNode | undefined = info.fragments[selection.name.value];
        if (fragment) each(fragment.selectionSet, visit);
        else unknown = true;
      }
    }
  };
  const onNode = (set: SelectionSetNode | undefined) => each(set, (name) => fields.add(name));
  for (const connection of info.fieldNodes) {
    each(connection.selectionSet, (name, inner) => {
      if (name === 'nodes') onNode(inner);
      else if (name === 'edges') each(inner, (edgeField, node) => edgeField === 'node' && onNode(node));
    });
  }
  return unknown ? undefined : fields;
}

/** Which of `optional` (sorted) a selection leaves out; none when the selection is not known. */
export function omittedOf(optional: readonly string[], selected: ReadonlySet<string> | undefined): string[] {
  return selected ? optional.filter((property) => !selected.has(property)).sort() : [];
}
