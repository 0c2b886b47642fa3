import type { DataSource } from 'typeorm';
import { byIdsLoader } from '../common/loaders.js';
import { AssistanceOffer } from './assistance-offer.entity.js';

/** Offers by id (for the fields of what refers to one, e.g. a match). */
export function offerLoaders(dataSource: DataSource) {
  return { offer: byIdsLoader(dataSource, AssistanceOffer) };
}

export type OfferLoaders = ReturnType<typeof offerLoaders>;
