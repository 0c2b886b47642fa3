import type { Loader } from '../common/loaders.js';
import type { StatusChange } from './status-change.entity.js';

/**
 * The status history of a request, offer or match, oldest first, as its `history` field reads it.
 * The implementation reads comments in the same statement, so it lives with them
 * (comments/thread.loaders.ts); the composition root checks that it satisfies this.
 */
export interface HistoryLoaders {
  history: Loader<StatusChange[]>;
}
