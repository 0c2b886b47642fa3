import type { DataSource } from 'typeorm';
import { byIdsLoader } from '../common/loaders.js';
import { readLayer } from '../database/kysely.js';
import { RequestRepository } from './request.repository.js';

/** Requests by id (for the fields of what refers to one, e.g. a match). */
export function requestLoaders(dataSource: DataSource) {
  const repository = new RequestRepository(readLayer(dataSource));
  return { request: byIdsLoader((ids) => repository.byIds(ids)) };
}

export type RequestLoaders = ReturnType<typeof requestLoaders>;
