import type { Viewer } from '../viewer/viewer.js';
import type { Role } from '../common/enums.js';
import { holdsGrant } from '../access/access.js';
import { DomainError } from '../common/errors.js';

/**
 * Who may take an action: holders of these roles; when `owner`, only for their own organization's
 * item; when `party`, only for the item's party of that name (a match has a requester and a provider);
 * when `system`, the service itself on a schedule (an expiry, a closing), never a signed-in user.
 */
export interface Actor {
  roles: readonly Role[];
  owner?: boolean;
  party?: string;
  system?: true;
}

/** The service itself, acting on a schedule: history and audit record it with no actor. */
export const SYSTEM: Actor = { roles: [], system: true };

/** One row of a workflow table: `action` moves an item from any of `from` to `to`, taken by `by`. */
export interface Transition<S extends string, A extends string> {
  from: readonly S[];
  action: A;
  to: S;
  by: readonly Actor[];
}

/** What the machine needs to know about an item. */
export interface Subject<S extends string> {
  status: S;
  ownerOrganizationId: string;
  /** Organizations of the named parties, for actors with `party`. */
  parties?: Readonly<Record<string, string>>;
}

/**
 * A workflow as data. The same table answers "what may this viewer do now" (allowedActions) and
 * guards every change (apply): an action no role of the viewer may take is FORBIDDEN, one the
 * current status does not allow is INVALID_TRANSITION.
 */
export class StateMachine<S extends string, A extends string> {
  constructor(
    readonly name: string,
    readonly transitions: readonly Transition<S, A>[],
    statuses: readonly S[],
    actions: readonly A[],
  ) {
    validate(name, transitions, statuses, actions);
  }

  /** Actions the viewer may take on the item now, in table order. */
  allowedActions(viewer: Viewer, subject: Subject<S>): A[] {
    const allowed = new Set<A>();
    for (const t of this.transitions) {
      if (t.from.includes(subject.status) && this.mayAct(viewer, subject, t)) allowed.add(t.action);
    }
    return [...allowed];
  }

  /** The status `action` leads to, or the error the viewer gets. */
  apply(viewer: Viewer, subject: Subject<S>, action: A): S {
    const candidates = this.transitions.filter((t) => t.action === action);
    const permitted = candidates.filter((t) => this.mayAct(viewer, subject, t));
    if (permitted.length === 0) {
      throw new DomainError('FORBIDDEN', `You may not ${humanize(action)} this ${this.name}`);
    }
    const transition = permitted.find((t) => t.from.includes(subject.status));
    if (!transition) {
      throw new DomainError(
        'INVALID_TRANSITION',
        `A ${this.name} in status ${subject.status} does not allow the action ${action} (${humanize(action)})`,
      );
    }
    return transition.to;
  }

  /**
   * The status the service's own move `action` leads to (a row of the table taken by SYSTEM), or
   * INVALID_TRANSITION when the item's status does not allow it (it moved since it was found due).
   */
  applyAsSystem(subject: Pick<Subject<S>, 'status'>, action: A): S {
    const transition = this.transitions.find(
      (t) => t.action === action && t.from.includes(subject.status) && t.by.some((actor) => actor.system),
    );
    if (!transition) {
      throw new DomainError(
        'INVALID_TRANSITION',
        `A ${this.name} in status ${subject.status} does not ${humanize(action)} by itself`,
      );
    }
    return transition.to;
  }

  /** The access module's test of a grant: the role, and the organization the actor must act for. */
  private mayAct(viewer: Viewer, subject: Subject<S>, transition: Transition<S, A>): boolean {
    return transition.by.some(
      (actor) =>
        !actor.system &&
        holdsGrant(viewer, actor.roles, actor.owner ? subject.ownerOrganizationId : undefined) &&
        (!actor.party || holdsGrant(viewer, actor.roles, subject.parties?.[actor.party] ?? null)),
    );
  }
}

function humanize(action: string): string {
  return action.toLowerCase().replace(/_/g, ' ');
}

/** A table that names an unknown status or action, or repeats a (from, action) pair, stops the start. */
function validate<S extends string, A extends string>(
  name: string,
  transitions: readonly Transition<S, A>[],
  statuses: readonly S[],
  actions: readonly A[],
): void {
  const seen = new Set<string>();
  for (const t of transitions) {
    if (!actions.includes(t.action)) throw new Error(`${name} workflow: unknown action ${t.action}`);
    if (!statuses.includes(t.to)) throw new Error(`${name} workflow: unknown status ${t.to}`);
    if (t.by.length === 0) throw new Error(`${name} workflow: nobody may ${t.action}`);
    for (const from of t.from) {
      if (!statuses.includes(from)) throw new Error(`${name} workflow: unknown status ${from}`);
      const key = `${from}:${t.action}`;
      if (seen.has(key)) throw new Error(`${name} workflow: ${t.action} from ${from} appears twice`);
      seen.add(key);
    }
  }
  for (const action of actions) {
    if (!transitions.some((t) => t.action === action))
      throw new Error(`${name} workflow: ${action} leads nowhere`);
  }
}
