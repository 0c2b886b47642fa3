import {
  type AssistanceType,
  Confidentiality,
  type DeliveryMode,
  type InfrastructureSector,
  type MandateParagraph,
  type PreparednessPhase,
  Priority,
  type ProtectionStream,
} from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import { money, type MoneyInput } from '../common/money.js';
import type { ReferenceService } from '../reference/reference.service.js';
import type { AssistanceRequest } from './assistance-request.entity.js';
import type { CreateRequestInput, UpdateRequestInput } from './request.inputs.js';

/** Every field a requester sets on a request, complete (after defaults or merging an update). */
export interface RequestFields {
  title: string;
  description: string;
  beneficiaryStateCodes: string[];
  sectors: InfrastructureSector[];
  assistanceTypes: AssistanceType[];
  protectionStreams: ProtectionStream[];
  phases: PreparednessPhase[];
  mandateParagraphs: MandateParagraph[];
  priority: Priority;
  confidentiality: Confidentiality;
  languages: string[];
  deliveryModes: DeliveryMode[];
  desiredStart: string | null;
  desiredEnd: string | null;
  estimatedBudget: MoneyInput | null;
  ctedRecommendationRef: string | null;
}

export type RequestColumns = Pick<
  AssistanceRequest,
  | 'title'
  | 'description'
  | 'beneficiaryStateCodes'
  | 'beneficiaryRegions'
  | 'sectors'
  | 'assistanceTypes'
  | 'protectionStreams'
  | 'phases'
  | 'mandateParagraphs'
  | 'priority'
  | 'confidentiality'
  | 'languages'
  | 'deliveryModes'
  | 'desiredStart'
  | 'desiredEnd'
  | 'budgetAmount'
  | 'budgetCurrency'
  | 'ctedRecommendationRef'
>;

/** Fields of a new request, with defaults: the organization's own State, MEDIUM priority, RESTRICTED. */
export function fieldsFromCreate(input: CreateRequestInput, ownStateCode: string | null): RequestFields {
  const beneficiaries = input.beneficiaryStateCodes ?? (ownStateCode ? [ownStateCode] : []);
  return {
    title: input.title,
    description: input.description,
    beneficiaryStateCodes: beneficiaries,
    sectors: input.sectors,
    assistanceTypes: input.assistanceTypes,
    protectionStreams: input.protectionStreams ?? [],
    phases: input.phases ?? [],
    mandateParagraphs: input.mandateParagraphs ?? [],
    priority: input.priority ?? Priority.MEDIUM,
    confidentiality: input.confidentiality ?? Confidentiality.RESTRICTED,
    languages: input.languages ?? [],
    deliveryModes: input.deliveryModes ?? [],
    desiredStart: input.desiredStart ?? null,
    desiredEnd: input.desiredEnd ?? null,
    estimatedBudget: input.estimatedBudget ?? null,
    ctedRecommendationRef: input.ctedRecommendationRef ?? null,
  };
}

/** The stored request with the update laid over it: omitted fields stay, null clears optional ones. */
export function fieldsFromUpdate(current: AssistanceRequest, input: UpdateRequestInput): RequestFields {
  const { required, list, optional } = rules.overlay(input);
  return {
    title: required('title', current.title),
    description: required('description', current.description),
    beneficiaryStateCodes: required('beneficiaryStateCodes', current.beneficiaryStateCodes),
    sectors: required('sectors', current.sectors),
    assistanceTypes: required('assistanceTypes', current.assistanceTypes),
    protectionStreams: list('protectionStreams', current.protectionStreams),
    phases: list('phases', current.phases),
    mandateParagraphs: list('mandateParagraphs', current.mandateParagraphs),
    priority: required('priority', current.priority),
    confidentiality: required('confidentiality', current.confidentiality),
    languages: list('languages', current.languages),
    deliveryModes: list('deliveryModes', current.deliveryModes),
    desiredStart: optional('desiredStart', current.desiredStart),
    desiredEnd: optional('desiredEnd', current.desiredEnd),
    estimatedBudget: optional('estimatedBudget', money(current.budgetAmount, current.budgetCurrency)),
    ctedRecommendationRef: optional('ctedRecommendationRef', current.ctedRecommendationRef),
  };
}

/** Checks every rule of RULES.md (Limits) and returns the columns to store. */
export function validateRequestFields(fields: RequestFields, reference: ReferenceService): RequestColumns {
  const beneficiaryStateCodes = rules.stateCodes(
    fields.beneficiaryStateCodes,
    'input.beneficiaryStateCodes',
    (code) => reference.memberState(code) !== undefined,
  );
  if (beneficiaryStateCodes.length === 0) {
    throw DomainError.badInput('input.beneficiaryStateCodes', 'must name at least one State');
  }
  const desiredStart = rules.date(fields.desiredStart, 'input.desiredStart');
  const desiredEnd = rules.date(fields.desiredEnd, 'input.desiredEnd');
  rules.dateOrder(desiredStart, desiredEnd, 'input.desiredEnd', 'desiredStart');
  const budget = rules.money(fields.estimatedBudget, 'input.estimatedBudget');
  return {
    title: rules.title(fields.title, 'input.title'),
    description: rules.description(fields.description, 'input.description'),
    beneficiaryStateCodes,
    beneficiaryRegions: [
      ...new Set(beneficiaryStateCodes.map((code) => reference.memberState(code)?.region ?? '')),
    ]
      .filter(Boolean)
      .sort(),
    sectors: rules.vocabulary(fields.sectors, 'input.sectors', true),
    assistanceTypes: rules.vocabulary(fields.assistanceTypes, 'input.assistanceTypes', true),
    protectionStreams: rules.vocabulary(fields.protectionStreams, 'input.protectionStreams'),
    phases: rules.vocabulary(fields.phases, 'input.phases'),
    mandateParagraphs: rules.vocabulary(fields.mandateParagraphs, 'input.mandateParagraphs'),
    priority: fields.priority,
    confidentiality: fields.confidentiality,
    languages: rules.languages(fields.languages, 'input.languages'),
    deliveryModes: rules.vocabulary(fields.deliveryModes, 'input.deliveryModes'),
    desiredStart,
    desiredEnd,
    budgetAmount: budget?.amount ?? null,
    budgetCurrency: budget?.currency ?? null,
    ctedRecommendationRef: rules.optionalText(
      fields.ctedRecommendationRef,
      'input.ctedRecommendationRef',
      rules.REFERENCE_TEXT_MAX,
    ),
  };
}
