import type { DataSource } from 'typeorm';
import type { Viewer } from '../viewer/viewer.js';
import { groupedLoader } from '../common/loaders.js';
import { readLayer } from '../database/kysely.js';
import type { Match } from './match.entity.js';
import { MatchRepository } from './match.repository.js';

/** The matches of requests and of offers that the viewer may see, oldest first. */
export function matchLoaders(dataSource: DataSource, viewer: () => Viewer | undefined) {
  const repository = new MatchRepository(readLayer(dataSource));
  /** Matches the viewer may see, grouped by a column (request_id or offer_id). */
  const visibleMatches = (column: 'request_id' | 'offer_id', key: 'requestId' | 'offerId') =>
    groupedLoader(
      (ids) => {
        const who = viewer();
        return who ? repository.of(who, column, ids) : Promise.resolve([]);
      },
      (row: Match) => row[key],
    );
  return {
    matchesByRequest: visibleMatches('request_id', 'requestId'),
    matchesByOffer: visibleMatches('offer_id', 'offerId'),
  };
}

export type MatchLoaders = ReturnType<typeof matchLoaders>;
