import { type GqlClient, loginAs } from './client.js';

export const CREATE_ORG = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name } }`;

export const REQUEST_FIELDS = `id reference title description status version confidentiality priority sectors assistanceTypes
  protectionStreams phases mandateParagraphs languages deliveryModes desiredStart desiredEnd ctedRecommendationRef
  estimatedBudget { amount currency } beneficiaryStates { code region } requestingOrganization { id name }
  submittedAt openedAt createdAt updatedAt allowedActions`;

export const CREATE_REQUEST = `mutation($input: CreateRequestInput!) { createRequest(input: $input) { ${REQUEST_FIELDS} } }`;
export const TRANSITION_REQUEST = `mutation($id: ID!, $action: RequestAction!, $reason: String, $v: Int) {
  transitionRequest(id: $id, action: $action, reason: $reason, expectedVersion: $v) { id status version allowedActions }
}`;
export const UPDATE_REQUEST = `mutation($id: ID!, $input: UpdateRequestInput!, $v: Int!) {
  updateRequest(id: $id, input: $input, expectedVersion: $v) { ${REQUEST_FIELDS} }
}`;
export const GET_REQUEST = `query($id: ID!) { request(id: $id) { ${REQUEST_FIELDS} history { from to action reason actor { id } at } comments { id body author { id } } } }`;

export const OFFER_FIELDS = `id reference title description status version confidentiality sectors assistanceTypes protectionStreams
  phases mandateParagraph eligibleRegions eligibleStates { code } languages deliveryModes availableFrom availableUntil
  capacity remainingCapacity budget { amount currency } providerOrganization { id name } createdAt updatedAt allowedActions`;
export const CREATE_OFFER = `mutation($input: CreateOfferInput!) { createOffer(input: $input) { ${OFFER_FIELDS} } }`;
export const TRANSITION_OFFER = `mutation($id: ID!, $action: OfferAction!, $reason: String, $v: Int) {
  transitionOffer(id: $id, action: $action, reason: $reason, expectedVersion: $v) { id status version remainingCapacity allowedActions }
}`;
export const UPDATE_OFFER = `mutation($id: ID!, $input: UpdateOfferInput!, $v: Int!) {
  updateOffer(id: $id, input: $input, expectedVersion: $v) { ${OFFER_FIELDS} }
}`;
export const GET_OFFER = `query($id: ID!) { offer(id: $id) { ${OFFER_FIELDS} history { from to action actor { id } } } }`;

export interface RequestView {
  id: string;
  reference: string;
  status: string;
  version: number;
  allowedActions: string[];
  [key: string]: unknown;
}

export const requestInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Protect the national power grid control centres',
  description: 'Assessment and training for SCADA security at three control centres.',
  sectors: ['ENERGY'],
  assistanceTypes: ['TRAINING', 'TECHNICAL_ASSISTANCE'],
  ...overrides,
});

export const offerInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Industrial control systems security training',
  description: 'A two-week course for grid operators on ICS/SCADA defence.',
  sectors: ['ENERGY', 'WATER_SUPPLY'],
  assistanceTypes: ['TRAINING'],
  mandateParagraph: 'PARAGRAPH_9',
  capacity: 3,
  ...overrides,
});

/** The cast of the marketplace: two requesting States, a donor, a coordinator, an observer. */
export async function cast(admin: GqlClient) {
  const org = async (name: string, kind: string, memberStateCode?: string) =>
    (
      await admin.ok<{ createOrganization: { id: string } }>(CREATE_ORG, {
        input: { name: `${name} ${crypto.randomUUID().slice(0, 8)}`, kind, memberStateCode },
      })
    ).createOrganization;
  const kenya = await org('Kenya', 'MEMBER_STATE', 'KEN');
  const peru = await org('Peru', 'MEMBER_STATE', 'PER');
  const norway = await org('Norway', 'MEMBER_STATE', 'NOR');
  const unodc = await org('UNODC', 'UN_ENTITY');
  return {
    kenya,
    peru,
    norway,
    unodc,
    requester: await loginAs(admin, ['REQUESTER'], kenya),
    requester2: await loginAs(admin, ['REQUESTER'], kenya),
    otherRequester: await loginAs(admin, ['REQUESTER'], peru),
    provider: await loginAs(admin, ['PROVIDER'], norway),
    otherProvider: await loginAs(admin, ['PROVIDER'], unodc),
    coordinator: await loginAs(admin, ['COORDINATOR']),
    observer: await loginAs(admin, ['CTC_OBSERVER']),
    admin: { client: admin },
  };
}
export type Cast = Awaited<ReturnType<typeof cast>>;
