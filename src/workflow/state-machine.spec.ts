import type { Viewer } from '../viewer/viewer.js';
import { OfferAction, OfferStatus, RequestAction, RequestStatus, Role } from '../common/enums.js';
import { offerMachine } from '../offers/offer-transitions.js';
import { requestMachine } from '../requests/request-transitions.js';
import { StateMachine } from './state-machine.js';

const ORG = 'org-kenya';
const viewer = (roles: Role[], organizationId: string | null = null): Viewer => ({
  id: 'u',
  roles,
  organizationId,
});
const owner = viewer([Role.REQUESTER], ORG);
const otherState = viewer([Role.REQUESTER], 'org-peru');
const coordinator = viewer([Role.COORDINATOR]);
const request = (status: RequestStatus) => ({ status, ownerOrganizationId: ORG });

describe(StateMachine.name, () => {
  it('walks a request through review to OPEN', () => {
    let status = RequestStatus.DRAFT;
    status = requestMachine.apply(owner, request(status), RequestAction.SUBMIT);
    status = requestMachine.apply(coordinator, request(status), RequestAction.START_REVIEW);
    status = requestMachine.apply(coordinator, request(status), RequestAction.REQUEST_CHANGES);
    expect(status).toBe(RequestStatus.CHANGES_REQUESTED);
    status = requestMachine.apply(owner, request(status), RequestAction.SUBMIT);
    status = requestMachine.apply(coordinator, request(status), RequestAction.START_REVIEW);
    expect(requestMachine.apply(coordinator, request(status), RequestAction.APPROVE)).toBe(
      RequestStatus.OPEN,
    );
  });

  it('answers FORBIDDEN for an action the role may never take, INVALID_TRANSITION for a wrong status', () => {
    expect(() =>
      requestMachine.apply(coordinator, request(RequestStatus.DRAFT), RequestAction.SUBMIT),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() =>
      requestMachine.apply(otherState, request(RequestStatus.DRAFT), RequestAction.SUBMIT),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => requestMachine.apply(owner, request(RequestStatus.OPEN), RequestAction.SUBMIT)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() =>
      requestMachine.apply(coordinator, request(RequestStatus.REJECTED), RequestAction.CLOSE),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it.each([
    [RequestStatus.DRAFT, owner, [RequestAction.SUBMIT, RequestAction.WITHDRAW]],
    [RequestStatus.DRAFT, coordinator, []],
    [RequestStatus.SUBMITTED, coordinator, [RequestAction.START_REVIEW]],
    [
      RequestStatus.UNDER_REVIEW,
      coordinator,
      [RequestAction.REQUEST_CHANGES, RequestAction.APPROVE, RequestAction.REJECT],
    ],
    [RequestStatus.UNDER_REVIEW, owner, [RequestAction.WITHDRAW]],
    [RequestStatus.OPEN, coordinator, [RequestAction.CLOSE]],
    [RequestStatus.MATCHED, owner, [RequestAction.WITHDRAW]],
    [RequestStatus.IN_DELIVERY, owner, []],
    [RequestStatus.OPEN, otherState, []],
    [RequestStatus.OPEN, viewer([Role.ADMIN]), []],
  ])('in %s allows %o the actions %j', (status, who, actions) => {
    expect(requestMachine.allowedActions(who, request(status))).toEqual(actions);
  });

  it('lets the provider and coordinators close an offer, only the provider pause it', () => {
    const provider = viewer([Role.PROVIDER], ORG);
    const offer = { status: OfferStatus.PUBLISHED, ownerOrganizationId: ORG };
    expect(offerMachine.allowedActions(provider, offer)).toEqual([
      OfferAction.PAUSE,
      OfferAction.CLOSE,
      OfferAction.WITHDRAW,
    ]);
    expect(offerMachine.allowedActions(coordinator, offer)).toEqual([OfferAction.CLOSE]);
    expect(offerMachine.apply(coordinator, offer, OfferAction.CLOSE)).toBe(OfferStatus.CLOSED);
    expect(() => offerMachine.apply(coordinator, offer, OfferAction.PAUSE)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });

  it('refuses a table with an unknown status, a repeated pair or a dead action', () => {
    const by = [{ roles: [Role.ADMIN] }];
    expect(
      () => new StateMachine('t', [{ from: ['A'], action: 'GO', to: 'Z', by }], ['A', 'B'], ['GO']),
    ).toThrow(/unknown status Z/);
    expect(
      () =>
        new StateMachine(
          't',
          [
            { from: ['A'], action: 'GO', to: 'B', by },
            { from: ['A'], action: 'GO', to: 'A', by },
          ],
          ['A', 'B'],
          ['GO'],
        ),
    ).toThrow(/appears twice/);
    expect(
      () => new StateMachine('t', [{ from: ['A'], action: 'GO', to: 'B', by }], ['A', 'B'], ['GO', 'STOP']),
    ).toThrow(/STOP leads nowhere/);
  });
});

describe('match workflow parties', () => {
  const match = {
    status: 'AGREED' as const,
    ownerOrganizationId: 'org-requester',
    parties: { requester: 'org-requester', provider: 'org-provider' },
  };

  it('lets only the providing organization start delivery, whatever roles others hold', async () => {
    const { matchMachine } = await import('../matching/match-transitions.js');
    const { MatchAction, MatchStatus } = await import('../common/enums.js');
    const providerOfRequestingState = viewer([Role.PROVIDER], 'org-requester');
    expect(() =>
      matchMachine.apply(
        providerOfRequestingState,
        { ...match, status: MatchStatus.AGREED },
        MatchAction.START_DELIVERY,
      ),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(
      matchMachine.apply(
        viewer([Role.PROVIDER], 'org-provider'),
        { ...match, status: MatchStatus.AGREED },
        MatchAction.START_DELIVERY,
      ),
    ).toBe(MatchStatus.IN_DELIVERY);
    expect(
      matchMachine.allowedActions(viewer([Role.REQUESTER], 'org-provider'), {
        ...match,
        status: MatchStatus.AGREED,
      }),
    ).toEqual([]);
  });
});

describe('match decisions', () => {
  const proposed = {
    ownerOrganizationId: 'org-requester',
    parties: { requester: 'org-requester', provider: 'org-provider' },
  };

  it('are moves of the match table: a party accepts or declines a PROPOSED match, nobody else', async () => {
    const { matchMachine } = await import('../matching/match-transitions.js');
    const { Decision, MatchStatus } = await import('../common/enums.js');
    const match = { ...proposed, status: MatchStatus.PROPOSED };
    const requester = viewer([Role.REQUESTER], 'org-requester');
    expect(matchMachine.apply(requester, match, Decision.ACCEPT)).toBe(MatchStatus.AGREED);
    expect(matchMachine.apply(viewer([Role.PROVIDER], 'org-provider'), match, Decision.DECLINE)).toBe(
      MatchStatus.DECLINED,
    );
    expect(() => matchMachine.apply(coordinator, match, Decision.ACCEPT)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => matchMachine.apply(viewer([Role.REQUESTER], 'org-other'), match, Decision.DECLINE)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() =>
      matchMachine.apply(requester, { ...match, status: MatchStatus.AGREED }, Decision.ACCEPT),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('are not listed among the allowed actions, which are the contract MatchAction values', async () => {
    const { matchMachine, isMatchAction } = await import('../matching/match-transitions.js');
    const { MatchAction, MatchStatus } = await import('../common/enums.js');
    const requester = viewer([Role.REQUESTER], 'org-requester');
    const moves = matchMachine.allowedActions(requester, { ...proposed, status: MatchStatus.PROPOSED });
    expect(moves).toEqual(['ACCEPT', 'DECLINE', MatchAction.CANCEL]);
    expect(moves.filter(isMatchAction)).toEqual([MatchAction.CANCEL]);
  });
});
