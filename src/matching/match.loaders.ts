import type { DataSource } from 'typeorm';
import { matchVisibilityCondition } from '../access/access-policy.js';
import type { Viewer } from '../viewer/viewer.js';
import { groupedLoader } from '../common/loaders.js';
import { Match } from './match.entity.js';

/** The matches of requests and of offers that the viewer may see, oldest first. */
export function matchLoaders(dataSource: DataSource, viewer: () => Viewer | undefined) {
  /** Matches the viewer may see, grouped by a column (request_id or offer_id). */
  const visibleMatches = (column: 'request_id' | 'offer_id', key: 'requestId' | 'offerId') =>
    groupedLoader(
      (ids) => {
        const who = viewer();
        if (!who) return Promise.resolve([]);
        const { condition, parameters } = matchVisibilityCondition(who, 'm');
        return dataSource
          .getRepository(Match)
          .createQueryBuilder('m')
          .where(`m.${column} IN (:...ids)`, { ids })
          .andWhere(condition, parameters)
          .orderBy('m.proposed_at', 'ASC')
          .addOrderBy('m.id', 'ASC')
          .getMany();
      },
      (row: Match) => row[key],
    );
  return {
    matchesByRequest: visibleMatches('request_id', 'requestId'),
    matchesByOffer: visibleMatches('offer_id', 'offerId'),
  };
}

export type MatchLoaders = ReturnType<typeof matchLoaders>;
