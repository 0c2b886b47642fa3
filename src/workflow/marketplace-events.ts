import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A request or an offer that has just left the marketplace, published inside its transaction. */
export interface MarketplaceExit {
  side: 'request' | 'offer';
  id: string;
  /** The status it left for: one of its side's exit statuses (REQUEST_EXIT_STATUSES, OFFER_EXIT_STATUSES). */
  to: string;
  /** Who moved it; null when the service did (an offer closed once its availability passed). */
  actorId: string | null;
}

/** Work to do once the exit's transaction has committed (e.g. publishing notifications). */
export type AfterCommit = () => Promise<void>;

/**
 * Reacts to an exit inside the publisher's transaction; throwing a DomainError refuses the exit.
 * Returns what must happen after commit, if anything.
 */
export type ExitHandler = (manager: EntityManager, exit: MarketplaceExit) => Promise<AfterCommit | void>;

/**
 * The two sides of the market publish their exits here without knowing who reacts: matching
 * registers the one handler that cancels the side's proposals and agreements.
 */
@Injectable()
export class MarketplaceEvents {
  private readonly handlers: ExitHandler[] = [];

  onExit(handler: ExitHandler): void {
    this.handlers.push(handler);
  }

  /** Runs every handler in the caller's transaction; the result runs their after-commit work. */
  async exited(manager: EntityManager, exit: MarketplaceExit): Promise<AfterCommit> {
    const after: AfterCommit[] = [];
    for (const handler of this.handlers) {
      const then = await handler(manager, exit);
      if (then) after.push(then);
    }
    return async () => {
      for (const then of after) await then();
    };
  }
}
