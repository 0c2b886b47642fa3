import { Confidentiality, type MandateParagraph, Priority } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import * as rules from '../common/input-rules.js';
import * as marketplace from '../marketplace/marketplace-fields.js';
import type { ReferenceService } from '../reference/reference.service.js';
import type { AssistanceRequest } from './assistance-request.entity.js';
import { type CreateRequestInput, REQUEST_FIELD_NAMES, type UpdateRequestInput } from './request.inputs.js';

/** Every field a requester sets on a request, complete (after defaults or merging an update). */
export type RequestFields = marketplace.Fields<'desiredStart', 'desiredEnd', 'estimatedBudget'> & {
  beneficiaryStateCodes: string[];
  mandateParagraphs: MandateParagraph[];
  priority: Priority;
  ctedRecommendationRef: string | null;
};

export type RequestColumns = marketplace.Columns<'desiredStart', 'desiredEnd'> &
  Pick<
    AssistanceRequest,
    | 'beneficiaryStateCodes'
    | 'beneficiaryRegions'
    | 'mandateParagraphs'
    | 'priority'
    | 'ctedRecommendationRef'
  >;

/** Fields of a new request, with defaults: the organization's own State, MEDIUM priority, RESTRICTED. */
export function fieldsFromCreate(input: CreateRequestInput, ownStateCode: string | null): RequestFields {
  return {
    ...marketplace.fieldsFromCreate(REQUEST_FIELD_NAMES, input, Confidentiality.RESTRICTED),
    beneficiaryStateCodes: input.beneficiaryStateCodes ?? (ownStateCode ? [ownStateCode] : []),
    mandateParagraphs: input.mandateParagraphs ?? [],
    priority: input.priority ?? Priority.MEDIUM,
    ctedRecommendationRef: input.ctedRecommendationRef ?? null,
  };
}

/** The stored request with the update laid over it: omitted fields stay, null clears optional ones. */
export function fieldsFromUpdate(current: AssistanceRequest, input: UpdateRequestInput): RequestFields {
  const { required, list, optional } = rules.overlay(input);
  return marketplace.fieldsFromUpdate(REQUEST_FIELD_NAMES, current, input, {
    afterDescription: () => ({
      beneficiaryStateCodes: required('beneficiaryStateCodes', current.beneficiaryStateCodes),
    }),
    beforeConfidentiality: () => ({
      mandateParagraphs: list('mandateParagraphs', current.mandateParagraphs),
      priority: required('priority', current.priority),
      ctedRecommendationRef: optional('ctedRecommendationRef', current.ctedRecommendationRef),
    }),
  });
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
  const columns = marketplace.validateFields(REQUEST_FIELD_NAMES, fields, {
    own: () => ({ mandateParagraphs: rules.vocabulary(fields.mandateParagraphs, 'input.mandateParagraphs') }),
  });
  return {
    ...columns,
    beneficiaryStateCodes,
    beneficiaryRegions: [
      ...new Set(beneficiaryStateCodes.map((code) => reference.memberState(code)?.region ?? '')),
    ]
      .filter(Boolean)
      .sort(),
    priority: fields.priority,
    ctedRecommendationRef: rules.optionalText(
      fields.ctedRecommendationRef,
      'input.ctedRecommendationRef',
      rules.REFERENCE_TEXT_MAX,
    ),
  };
}
