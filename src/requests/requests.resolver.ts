import { RequestAction } from '../common/enums.js';
import { MarketplaceResolver } from '../marketplace/marketplace.resolver.js';
import { AssistanceRequest } from './assistance-request.entity.js';
import { CreateRequestInput, RequestFilter, UpdateRequestInput } from './request.inputs.js';
import { RequestsService } from './requests.service.js';

const RequestsResolverBase = MarketplaceResolver({
  entity: AssistanceRequest,
  service: RequestsService,
  noun: 'Request',
  actions: RequestAction,
  inputs: { create: CreateRequestInput, update: UpdateRequestInput, filter: RequestFilter },
  fields: {
    organization: { name: 'requestingOrganization', column: 'requestingOrganizationId' },
    states: {
      name: 'beneficiaryStates',
      column: 'beneficiaryStateCodes',
      description: 'States that benefit; more than one for cross-border infrastructure (para 8)',
    },
    budget: 'estimatedBudget',
    allowedActions: 'Actions the current viewer may take now',
  },
});

/** requests, request, createRequest, updateRequest, transitionRequest and the fields of a request. */
@RequestsResolverBase.resolver()
export class RequestsResolver extends RequestsResolverBase {}

/** totalCount of AssistanceRequestConnection. */
export class RequestConnectionResolver extends RequestsResolverBase.TotalCount {}
