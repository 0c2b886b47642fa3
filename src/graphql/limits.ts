import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export const MAX_DEPTH = 10;
export const MAX_ALIASES = 30;

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });
}

function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      // Introspection (__schema, __type) is the client learning the API, not work on data.
      if (selection.name.value.startsWith('__')) continue;
      depth = 1 + selectionDepth(selection.selectionSet, fragments, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue; // unknown or cyclic: other rules report it
      visiting.add(name);
      depth = selectionDepth(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** Operations nest fields at most MAX_DEPTH deep (QUERY_TOO_COMPLEX). */
export function depthLimitRule(max = MAX_DEPTH) {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, fragments, new Set());
        if (depth > max) {
          context.reportError(
            tooComplex(`The query is nested ${depth} levels deep; at most ${max} are allowed`),
          );
        }
      },
    };
  };
}

/** A document holds at most MAX_ALIASES aliases (QUERY_TOO_COMPLEX). */
export function aliasLimitRule(max = MAX_ALIASES) {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(field) {
        if (!field.alias) return;
        aliases += 1;
        if (aliases > max && !reported) {
          reported = true;
          context.reportError(tooComplex(`The query uses more than ${max} aliases`));
        }
      },
    };
  };
}

export const MAX_COST = 20_000;

/** The most a variable `first` or `limit` may be (lists refuse more), assumed when it is a variable. */
const LARGEST_PAGE = 100;

/** How many items a list argument may bring: `first` (default 20) or `limit` (default 10). */
function multiplier(field: FieldNode): number {
  for (const argument of field.arguments ?? []) {
    const name = argument.name.value;
    if (name !== 'first' && name !== 'limit') continue;
    if (argument.value.kind === Kind.VARIABLE) return LARGEST_PAGE;
    const value = argument.value.kind === Kind.INT ? Number(argument.value.value) : NaN;
    return Number.isFinite(value) && value > 0 ? value : 1;
  }
  const defaults: Record<string, number> = {
    requests: 20,
    offers: 20,
    matches: 20,
    myNotifications: 50,
    suggestOffers: 10,
    suggestRequests: 10,
  };
  return defaults[field.name.value] ?? 1;
}

function selectionCost(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  if (!selectionSet) return 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      cost += 1 + multiplier(selection) * selectionCost(selection.selectionSet, fragments, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      cost += selectionCost(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      cost += selectionCost(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
  }
  return cost;
}

/**
 * An operation's cost: each field counts 1, and what a list field selects counts once per item it
 * may return (`first` or `limit`; a variable counts as the largest page). Above MAX_COST:
 * QUERY_TOO_COMPLEX.
 */
export function costLimitRule(max = MAX_COST) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        const cost = selectionCost(operation.selectionSet, fragments, new Set());
        if (cost > max) {
          context.reportError(tooComplex(`The query would cost ${cost}; at most ${max} is allowed`));
        }
      },
    };
  };
}

/**
 * Root mutation fields open without a sign-in that check or set a credential (a password, a refresh
 * token, an invitation's or a reset link's token) or send one by mail, and the invitation itself.
 */
export const SIGN_IN_FIELDS: ReadonlySet<string> = new Set([
  'login',
  'refreshToken',
  'acceptInvitation',
  'requestPasswordReset',
  'resetPassword',
  'inviteUser',
]);

/**
 * A document holds at most one sign-in field (QUERY_TOO_COMPLEX): each costs an argon2id hash, a
 * token rotation or a mail, and aliases would otherwise buy many for one rate-limit unit. Fields are counted
 * wherever they sit (operations and fragments), before any of them runs.
 */
export function signInLimitRule(fields: ReadonlySet<string> = SIGN_IN_FIELDS) {
  return (context: ValidationContext): ASTVisitor => {
    const mutationType = context.getSchema().getMutationType();
    let count = 0;
    return {
      Field(field) {
        if (!mutationType || context.getParentType() !== mutationType) return;
        if (!fields.has(field.name.value)) return;
        count += 1;
        if (count === 2) {
          context.reportError(
            tooComplex(
              `A document may hold at most one ${[...fields].join(' or ')} field; send one per request`,
            ),
          );
        }
      },
    };
  };
}
