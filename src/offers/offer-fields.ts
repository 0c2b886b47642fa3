import { Confidentiality, type MandateParagraph } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import * as marketplace from '../marketplace/marketplace-fields.js';
import { M49_REGIONS, type ReferenceService } from '../reference/reference.service.js';
import type { AssistanceOffer } from './assistance-offer.entity.js';
import { type CreateOfferInput, OFFER_FIELD_NAMES, type UpdateOfferInput } from './offer.inputs.js';

/** The largest capacity an offer may announce (engagements, not people). */
export const CAPACITY_MAX = 10_000;

/** Every field a provider sets on an offer, complete. */
export type OfferFields = marketplace.Fields<'availableFrom', 'availableUntil', 'budget'> & {
  mandateParagraph: MandateParagraph;
  eligibleRegions: string[];
  eligibleStateCodes: string[];
  capacity: number;
};

export type OfferColumns = marketplace.Columns<'availableFrom', 'availableUntil'> &
  Pick<AssistanceOffer, 'mandateParagraph' | 'eligibleRegions' | 'eligibleStateCodes' | 'capacity'>;

/** Fields of a new offer, with defaults: open to every region and State, PUBLIC. */
export function offerFieldsFromCreate(input: CreateOfferInput): OfferFields {
  return {
    ...marketplace.fieldsFromCreate(OFFER_FIELD_NAMES, input, Confidentiality.PUBLIC),
    mandateParagraph: input.mandateParagraph,
    eligibleRegions: input.eligibleRegions ?? [],
    eligibleStateCodes: input.eligibleStateCodes ?? [],
    capacity: input.capacity,
  };
}

/** The stored offer with the update laid over it; the channel (mandateParagraph) never changes. */
export function offerFieldsFromUpdate(current: AssistanceOffer, input: UpdateOfferInput): OfferFields {
  const { required, list } = rules.overlay(input);
  return marketplace.fieldsFromUpdate(OFFER_FIELD_NAMES, current, input, {
    beforeConfidentiality: () => ({
      mandateParagraph: current.mandateParagraph,
      eligibleRegions: list('eligibleRegions', current.eligibleRegions),
      eligibleStateCodes: list('eligibleStateCodes', current.eligibleStateCodes),
      capacity: required('capacity', current.capacity),
    }),
  });
}

/** Checks every rule of RULES.md (Limits) and returns the columns to store. */
export function validateOfferFields(fields: OfferFields, reference: ReferenceService): OfferColumns {
  const columns = marketplace.validateFields(OFFER_FIELD_NAMES, fields, {
    beforeBudget: () => {
      if (!Number.isInteger(fields.capacity) || fields.capacity < 1 || fields.capacity > CAPACITY_MAX) {
        throw DomainError.badInput('input.capacity', `must be a whole number from 1 to ${CAPACITY_MAX}`);
      }
    },
    own: () => ({
      eligibleRegions: rules.regions(fields.eligibleRegions, 'input.eligibleRegions', M49_REGIONS),
      eligibleStateCodes: rules.stateCodes(
        fields.eligibleStateCodes,
        'input.eligibleStateCodes',
        (code) => reference.memberState(code) !== undefined,
      ),
    }),
  });
  return { ...columns, mandateParagraph: fields.mandateParagraph, capacity: fields.capacity };
}
