import { Foundation1795802686692 } from './1795802686692-Foundation.js';
import { NeedsAndOffers1795803624022 } from './1795803624022-NeedsAndOffers.js';

/** Every migration, oldest first. Add each new migration here. */
export const MIGRATIONS: (new () => object)[] = [Foundation1795802686692, NeedsAndOffers1795803624022];
