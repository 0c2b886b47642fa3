import { EmailDelivery, MatchStatus } from './enums.js';

/** Every kind of notification the service sends, with how it reaches the inbox unless a user chose. */
export const NOTIFICATION_KINDS: Readonly<Record<string, EmailDelivery>> = {
  // Review decisions and what a coordinator must review.
  REQUEST_SUBMITTED: EmailDelivery.IMMEDIATE,
  REQUEST_STATUS_CHANGED: EmailDelivery.IMMEDIATE,
  // A request that has waited REQUEST_REMINDER_DAYS for its review (to the coordinators).
  REQUEST_REVIEW_REMINDER: EmailDelivery.IMMEDIATE,
  // Proposals, agreements and every later step of a match.
  ...Object.fromEntries(
    Object.values(MatchStatus).map((status) => [`MATCH_${status}`, EmailDelivery.IMMEDIATE]),
  ),
  // A proposal unanswered for MATCH_REMINDER_DAYS (to the party that has not answered).
  MATCH_REMINDER: EmailDelivery.IMMEDIATE,
  // An offer closed by the service once its availability passed (to its provider).
  OFFER_CLOSED: EmailDelivery.IMMEDIATE,
  // The coordinators' weekly digest (a mail only; OFF turns it off).
  WEEKLY_DIGEST: EmailDelivery.IMMEDIATE,
  // Conversation: many a day on a busy item.
  COMMENT_ADDED: EmailDelivery.DIGEST,
};

/** A user's e-mail settings: the kinds they chose differently from the defaults. */
export type NotificationPreferences = Readonly<Record<string, EmailDelivery>>;

/** How a notification of `kind` reaches this user's inbox. */
export function deliveryOf(
  preferences: NotificationPreferences | null | undefined,
  kind: string,
): EmailDelivery {
  return preferences?.[kind] ?? NOTIFICATION_KINDS[kind] ?? EmailDelivery.IMMEDIATE;
}
