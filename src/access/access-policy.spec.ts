import type { Viewer } from '../viewer/viewer.js';
import { Confidentiality, OfferStatus, RequestStatus, Role } from '../common/enums.js';
import { canSee, emailAsSeenBy, PRIVATE_STATUS } from './access-policy.js';

const OWN = 'org-own';
const v = (roles: Role[], organizationId: string | null = null): Viewer => ({
  id: 'u',
  roles,
  organizationId,
});
const item = (status: string, confidentiality: Confidentiality) => ({
  status,
  confidentiality,
  ownerOrganizationId: OWN,
});

describe('access policy', () => {
  const { PUBLIC, RESTRICTED, CONFIDENTIAL } = Confidentiality;
  it.each([
    ['owner', v([Role.REQUESTER], OWN), [true, true, true], [true, true, true]],
    ['coordinator', v([Role.COORDINATOR]), [false, false, false], [true, true, true]],
    ['admin', v([Role.ADMIN]), [false, false, false], [true, true, true]],
    ['provider', v([Role.PROVIDER], 'org-donor'), [false, false, false], [true, true, false]],
    [
      'requester of another State',
      v([Role.REQUESTER], 'org-other'),
      [false, false, false],
      [true, false, false],
    ],
    ['observer', v([Role.CTC_OBSERVER]), [false, false, false], [true, false, false]],
    [
      'observer placed in the owning organization',
      v([Role.CTC_OBSERVER], OWN),
      [false, false, false],
      [true, false, false],
    ],
    [
      'coordinator placed in the owning organization',
      v([Role.COORDINATOR], OWN),
      [false, false, false],
      [true, true, true],
    ],
  ])('%s: drafts %j, submitted %j (PUBLIC, RESTRICTED, CONFIDENTIAL)', (_, viewer, drafts, others) => {
    const levels = [PUBLIC, RESTRICTED, CONFIDENTIAL];
    expect(levels.map((c) => canSee(viewer, item('DRAFT', c)))).toEqual(drafts);
    expect(levels.map((c) => canSee(viewer, item('SUBMITTED', c)))).toEqual(others);
  });
});

describe('drafts', () => {
  it('are the private status of requests and offers alike', () => {
    expect([RequestStatus.DRAFT, OfferStatus.DRAFT]).toEqual([PRIVATE_STATUS, PRIVATE_STATUS]);
  });
});

describe('e-mail addresses', () => {
  it.each([
    ['observer', v([Role.CTC_OBSERVER]), 'o•••@cted.test'],
    ['observer placed in an organization', v([Role.CTC_OBSERVER], OWN), 'o•••@cted.test'],
    ['coordinator', v([Role.COORDINATOR]), 'officer@cted.test'],
    ['requester', v([Role.REQUESTER], OWN), 'officer@cted.test'],
    ['observer who is also a coordinator', v([Role.CTC_OBSERVER, Role.COORDINATOR]), 'officer@cted.test'],
  ])('%s reads %s', (_, viewer, expected) => {
    expect(emailAsSeenBy(viewer, 'officer@cted.test')).toBe(expected);
  });

  it('keeps the first character whole, however many bytes it takes', () => {
    expect(emailAsSeenBy(v([Role.CTC_OBSERVER]), 'élodie@mfa.example')).toBe('é•••@mfa.example');
  });
});
