import {
  AssistanceType,
  Confidentiality,
  InfrastructureSector,
  MandateParagraph,
  OfferStatus,
  Priority,
  RequestStatus,
} from '../common/enums.js';
import type { AssistanceOffer } from '../offers/assistance-offer.entity.js';
import { offerFieldsFromCreate, offerFieldsFromUpdate, validateOfferFields } from '../offers/offer-fields.js';
import type { CreateOfferInput, UpdateOfferInput } from '../offers/offer.inputs.js';
import type { ReferenceService } from '../reference/reference.service.js';
import type { AssistanceRequest } from '../requests/assistance-request.entity.js';
import { fieldsFromCreate, fieldsFromUpdate, validateRequestFields } from '../requests/request-fields.js';
import type { CreateRequestInput, UpdateRequestInput } from '../requests/request.inputs.js';

/**
 * The shared field rules as each side configures them: defaults, the overlay of an update, and the
 * order in which several wrong fields are refused (the first one is reported).
 */

/** An update that sends null for fields a client may not clear. */
const nulledRequest = (input: Record<string, null>) => input as unknown as UpdateRequestInput;
const nulledOffer = (input: Record<string, null>) => input as unknown as UpdateOfferInput;

/** The field a refused input names. */
function refused(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { details?: { field?: string } }).details?.field;
  }
  throw new Error('accepted');
}

const requestReference = {
  memberState: (code: string) => (code === 'KEN' ? { code, region: 'Africa' } : undefined),
} as unknown as ReferenceService;

const newRequest: CreateRequestInput = {
  title: 'Grid protection',
  description: 'Training for grid operators',
  sectors: [InfrastructureSector.ENERGY],
  assistanceTypes: [AssistanceType.TRAINING],
};

const storedRequest = {
  ...validateRequestFields(fieldsFromCreate(newRequest, 'KEN'), requestReference),
  status: RequestStatus.DRAFT,
} as AssistanceRequest;

const offerReference = {
  memberState: (code: string) => (code === 'FRA' ? { code, region: 'Europe' } : undefined),
} as unknown as ReferenceService;

const newOffer: CreateOfferInput = {
  title: 'Incident response training',
  description: 'Two weeks, in person',
  sectors: [InfrastructureSector.ENERGY],
  assistanceTypes: [AssistanceType.TRAINING],
  mandateParagraph: MandateParagraph.PARAGRAPH_9,
  capacity: 3,
};

const storedOffer = {
  ...validateOfferFields(offerFieldsFromCreate(newOffer), offerReference),
  remainingCapacity: 3,
  status: OfferStatus.DRAFT,
} as AssistanceOffer;

describe('the fields of a request', () => {
  it('defaults a new request to its own State, MEDIUM priority and RESTRICTED', () => {
    expect(validateRequestFields(fieldsFromCreate(newRequest, 'KEN'), requestReference)).toMatchObject({
      beneficiaryStateCodes: ['KEN'],
      beneficiaryRegions: ['Africa'],
      priority: Priority.MEDIUM,
      confidentiality: Confidentiality.RESTRICTED,
      desiredStart: null,
      desiredEnd: null,
      budgetAmount: null,
      protectionStreams: [],
    });
  });

  it('keeps omitted fields of an update and clears nulled optional ones', () => {
    const update: UpdateRequestInput = {
      title: 'Grid and water',
      desiredStart: '2026-03-01',
      languages: null,
    };
    expect(validateRequestFields(fieldsFromUpdate(storedRequest, update), requestReference)).toMatchObject({
      title: 'Grid and water',
      description: newRequest.description,
      desiredStart: '2026-03-01',
      languages: [],
      beneficiaryStateCodes: ['KEN'],
    });
  });

  it('refuses nulled required fields of an update in the order of the form', () => {
    const nulls = { beneficiaryStateCodes: null, sectors: null, priority: null, confidentiality: null };
    expect(refused(() => fieldsFromUpdate(storedRequest, nulledRequest(nulls)))).toBe(
      'input.beneficiaryStateCodes',
    );
    const { beneficiaryStateCodes: _b, ...rest } = nulls;
    expect(refused(() => fieldsFromUpdate(storedRequest, nulledRequest(rest)))).toBe('input.sectors');
    expect(
      refused(() =>
        fieldsFromUpdate(storedRequest, nulledRequest({ priority: null, confidentiality: null })),
      ),
    ).toBe('input.priority');
  });

  it('checks the beneficiaries, then the period, the budget and the text fields', () => {
    const bad = {
      beneficiaryStateCodes: ['XXX'],
      desiredStart: '2026-02-30',
      estimatedBudget: { amount: '-1', currency: 'EUR' },
      title: '',
    };
    const check = (input: UpdateRequestInput) =>
      refused(() => validateRequestFields(fieldsFromUpdate(storedRequest, input), requestReference));
    expect(check(bad)).toBe('input.beneficiaryStateCodes');
    const { beneficiaryStateCodes: _b, ...period } = bad;
    expect(check(period)).toBe('input.desiredStart');
    const { desiredStart: _s, ...budget } = period;
    expect(check(budget)).toBe('input.estimatedBudget.amount');
    const { estimatedBudget: _e, ...title } = budget;
    expect(check(title)).toBe('input.title');
  });
});

describe('the fields of an offer', () => {
  it('defaults a new offer to every region and State, PUBLIC', () => {
    expect(validateOfferFields(offerFieldsFromCreate(newOffer), offerReference)).toMatchObject({
      eligibleRegions: [],
      eligibleStateCodes: [],
      confidentiality: Confidentiality.PUBLIC,
      availableFrom: null,
      availableUntil: null,
      budgetAmount: null,
      capacity: 3,
    });
  });

  it('keeps the channel and omitted fields of an update', () => {
    const update: UpdateOfferInput = { capacity: 5, budget: { amount: '1000', currency: 'EUR' } };
    expect(validateOfferFields(offerFieldsFromUpdate(storedOffer, update), offerReference)).toMatchObject({
      mandateParagraph: MandateParagraph.PARAGRAPH_9,
      title: newOffer.title,
      capacity: 5,
      budgetAmount: '1000',
      budgetCurrency: 'EUR',
    });
  });

  it('refuses a nulled capacity before a nulled confidentiality', () => {
    expect(
      refused(() =>
        offerFieldsFromUpdate(storedOffer, nulledOffer({ capacity: null, confidentiality: null })),
      ),
    ).toBe('input.capacity');
  });

  it('checks the period, then the capacity, the budget, the text fields and the eligible States', () => {
    const bad = {
      availableUntil: 'soon',
      capacity: 0,
      budget: { amount: '1', currency: 'ZZZ' },
      title: '',
      eligibleStateCodes: ['XXX'],
    };
    const check = (input: UpdateOfferInput) =>
      refused(() => validateOfferFields(offerFieldsFromUpdate(storedOffer, input), offerReference));
    expect(check(bad)).toBe('input.availableUntil');
    const { availableUntil: _u, ...capacity } = bad;
    expect(check(capacity)).toBe('input.capacity');
    const { capacity: _c, ...budget } = capacity;
    expect(check(budget)).toBe('input.budget.currency');
    const { budget: _b, ...title } = budget;
    expect(check(title)).toBe('input.title');
    const { title: _t, ...states } = title;
    expect(check(states)).toBe('input.eligibleStateCodes');
  });
});
