import type { DataSource } from 'typeorm';
import { byIdsLoader } from '../common/loaders.js';
import { AssistanceRequest } from './assistance-request.entity.js';

/** Requests by id (for the fields of what refers to one, e.g. a match). */
export function requestLoaders(dataSource: DataSource) {
  return { request: byIdsLoader(dataSource, AssistanceRequest) };
}

export type RequestLoaders = ReturnType<typeof requestLoaders>;
