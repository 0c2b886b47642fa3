import {
  type AssistanceType,
  Confidentiality,
  type DeliveryMode,
  type InfrastructureSector,
  type MandateParagraph,
  type PreparednessPhase,
  type ProtectionStream,
} from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import { money, type MoneyInput } from '../common/money.js';
import { M49_REGIONS, type ReferenceService } from '../reference/reference.service.js';
import type { AssistanceOffer } from './assistance-offer.entity.js';
import type { CreateOfferInput, UpdateOfferInput } from './offer.inputs.js';

/** The largest capacity an offer may announce (engagements, not people). */
export const CAPACITY_MAX = 10_000;

/** Every field a provider sets on an offer, complete. */
export interface OfferFields {
  title: string;
  description: string;
  sectors: InfrastructureSector[];
  assistanceTypes: AssistanceType[];
  protectionStreams: ProtectionStream[];
  phases: PreparednessPhase[];
  mandateParagraph: MandateParagraph;
  eligibleRegions: string[];
  eligibleStateCodes: string[];
  languages: string[];
  deliveryModes: DeliveryMode[];
  availableFrom: string | null;
  availableUntil: string | null;
  capacity: number;
  budget: MoneyInput | null;
  confidentiality: Confidentiality;
}

export type OfferColumns = Pick<
  AssistanceOffer,
  | 'title'
  | 'description'
  | 'sectors'
  | 'assistanceTypes'
  | 'protectionStreams'
  | 'phases'
  | 'mandateParagraph'
  | 'eligibleRegions'
  | 'eligibleStateCodes'
  | 'languages'
  | 'deliveryModes'
  | 'availableFrom'
  | 'availableUntil'
  | 'capacity'
  | 'budgetAmount'
  | 'budgetCurrency'
  | 'confidentiality'
>;

export function offerFieldsFromCreate(input: CreateOfferInput): OfferFields {
  return {
    title: input.title,
    description: input.description,
    sectors: input.sectors,
    assistanceTypes: input.assistanceTypes,
    protectionStreams: input.protectionStreams ?? [],
    phases: input.phases ?? [],
    mandateParagraph: input.mandateParagraph,
    eligibleRegions: input.eligibleRegions ?? [],
    eligibleStateCodes: input.eligibleStateCodes ?? [],
    languages: input.languages ?? [],
    deliveryModes: input.deliveryModes ?? [],
    availableFrom: input.availableFrom ?? null,
    availableUntil: input.availableUntil ?? null,
    capacity: input.capacity,
    budget: input.budget ?? null,
    confidentiality: input.confidentiality ?? Confidentiality.PUBLIC,
  };
}

export function offerFieldsFromUpdate(current: AssistanceOffer, input: UpdateOfferInput): OfferFields {
  const { required, list, optional } = rules.overlay(input);
  return {
    title: required('title', current.title),
    description: required('description', current.description),
    sectors: required('sectors', current.sectors),
    assistanceTypes: required('assistanceTypes', current.assistanceTypes),
    protectionStreams: list('protectionStreams', current.protectionStreams),
    phases: list('phases', current.phases),
    mandateParagraph: current.mandateParagraph,
    eligibleRegions: list('eligibleRegions', current.eligibleRegions),
    eligibleStateCodes: list('eligibleStateCodes', current.eligibleStateCodes),
    languages: list('languages', current.languages),
    deliveryModes: list('deliveryModes', current.deliveryModes),
    availableFrom: optional('availableFrom', current.availableFrom),
    availableUntil: optional('availableUntil', current.availableUntil),
    capacity: required('capacity', current.capacity),
    budget: optional('budget', money(current.budgetAmount, current.budgetCurrency)),
    confidentiality: required('confidentiality', current.confidentiality),
  };
}

export function validateOfferFields(fields: OfferFields, reference: ReferenceService): OfferColumns {
  const availableFrom = rules.date(fields.availableFrom, 'input.availableFrom');
  const availableUntil = rules.date(fields.availableUntil, 'input.availableUntil');
  rules.dateOrder(availableFrom, availableUntil, 'input.availableUntil', 'availableFrom');
  if (!Number.isInteger(fields.capacity) || fields.capacity < 1 || fields.capacity > CAPACITY_MAX) {
    throw DomainError.badInput('input.capacity', `must be a whole number from 1 to ${CAPACITY_MAX}`);
  }
  const budget = rules.money(fields.budget, 'input.budget');
  return {
    title: rules.title(fields.title, 'input.title'),
    description: rules.description(fields.description, 'input.description'),
    sectors: rules.vocabulary(fields.sectors, 'input.sectors', true),
    assistanceTypes: rules.vocabulary(fields.assistanceTypes, 'input.assistanceTypes', true),
    protectionStreams: rules.vocabulary(fields.protectionStreams, 'input.protectionStreams'),
    phases: rules.vocabulary(fields.phases, 'input.phases'),
    mandateParagraph: fields.mandateParagraph,
    eligibleRegions: rules.regions(fields.eligibleRegions, 'input.eligibleRegions', M49_REGIONS),
    eligibleStateCodes: rules.stateCodes(
      fields.eligibleStateCodes,
      'input.eligibleStateCodes',
      (code) => reference.memberState(code) !== undefined,
    ),
    languages: rules.languages(fields.languages, 'input.languages'),
    deliveryModes: rules.vocabulary(fields.deliveryModes, 'input.deliveryModes'),
    availableFrom,
    availableUntil,
    capacity: fields.capacity,
    budgetAmount: budget?.amount ?? null,
    budgetCurrency: budget?.currency ?? null,
    confidentiality: fields.confidentiality,
  };
}
