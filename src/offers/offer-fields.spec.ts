import {
  AssistanceType,
  Confidentiality,
  InfrastructureSector,
  MandateParagraph,
  OfferStatus,
} from '../common/enums.js';
import type { ReferenceService } from '../reference/reference.service.js';
import type { AssistanceOffer } from './assistance-offer.entity.js';
import { offerFieldsFromCreate, offerFieldsFromUpdate, validateOfferFields } from './offer-fields.js';
import type { CreateOfferInput, UpdateOfferInput } from './offer.inputs.js';

const reference = {
  memberState: (code: string) => (code === 'FRA' ? { code, region: 'Europe' } : undefined),
} as unknown as ReferenceService;

const create: CreateOfferInput = {
  title: 'Incident response training',
  description: 'Two weeks, in person',
  sectors: [InfrastructureSector.ENERGY],
  assistanceTypes: [AssistanceType.TRAINING],
  mandateParagraph: MandateParagraph.PARAGRAPH_9,
  capacity: 3,
};

const stored = {
  ...validateOfferFields(offerFieldsFromCreate(create), reference),
  remainingCapacity: 3,
  status: OfferStatus.DRAFT,
} as AssistanceOffer;

/** An update that sends null for fields a client may not clear. */
const nulled = (input: Record<string, null>) => input as unknown as UpdateOfferInput;

/** The field a refused input names. */
function refused(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { details?: { field?: string } }).details?.field;
  }
  throw new Error('accepted');
}

describe('offer fields', () => {
  it('defaults a new offer to every region and State, PUBLIC', () => {
    expect(validateOfferFields(offerFieldsFromCreate(create), reference)).toMatchObject({
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
    expect(validateOfferFields(offerFieldsFromUpdate(stored, update), reference)).toMatchObject({
      mandateParagraph: MandateParagraph.PARAGRAPH_9,
      title: create.title,
      capacity: 5,
      budgetAmount: '1000',
      budgetCurrency: 'EUR',
    });
  });

  it('refuses a nulled capacity before a nulled confidentiality', () => {
    expect(
      refused(() => offerFieldsFromUpdate(stored, nulled({ capacity: null, confidentiality: null }))),
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
      refused(() => validateOfferFields(offerFieldsFromUpdate(stored, input), reference));
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
