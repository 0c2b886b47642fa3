import type { DataSource } from 'typeorm';
import { byIdsLoader } from '../common/loaders.js';
import { readLayer } from '../database/kysely.js';
import { OfferRepository } from './offer.repository.js';

/** Offers by id (for the fields of what refers to one, e.g. a match). */
export function offerLoaders(dataSource: DataSource) {
  const repository = new OfferRepository(readLayer(dataSource));
  return { offer: byIdsLoader((ids) => repository.byIds(ids)) };
}

export type OfferLoaders = ReturnType<typeof offerLoaders>;
