import { OfferAction } from '../common/enums.js';
import { MarketplaceResolver } from '../marketplace/marketplace.resolver.js';
import { AssistanceOffer } from './assistance-offer.entity.js';
import { CreateOfferInput, OfferFilter, UpdateOfferInput } from './offer.inputs.js';
import { OffersService } from './offers.service.js';

const OffersResolverBase = MarketplaceResolver({
  entity: AssistanceOffer,
  service: OffersService,
  noun: 'Offer',
  actions: OfferAction,
  inputs: { create: CreateOfferInput, update: UpdateOfferInput, filter: OfferFilter },
  fields: {
    organization: { name: 'providerOrganization', column: 'providerOrganizationId' },
    states: {
      name: 'eligibleStates',
      column: 'eligibleStateCodes',
      description: 'Empty means every State (subject to eligibleRegions)',
    },
    budget: 'budget',
  },
});

/** offers, offer, createOffer, updateOffer, transitionOffer and the fields of an offer. */
@OffersResolverBase.resolver()
export class OffersResolver extends OffersResolverBase {}

/** totalCount of AssistanceOfferConnection. */
export class OfferConnectionResolver extends OffersResolverBase.TotalCount {}
