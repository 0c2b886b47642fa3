import type { EntityManager } from 'typeorm';
import { Role } from '../common/enums.js';
import type { Notification } from '../notifications/notification.entity.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Match } from './match.entity.js';

/** Notifies the focal points of both parties to a match, except the user who acted (none: the service). */
export async function notifyMatchParties(
  notifications: NotificationsService,
  manager: EntityManager,
  match: Pick<Match, 'id' | 'reference' | 'requestingOrganizationId' | 'providerOrganizationId'>,
  actorId: string | null,
  kind: string,
  message: string,
): Promise<Notification[]> {
  const requesters = await notifications.organizationUsers(manager, match.requestingOrganizationId, [
    Role.REQUESTER,
  ]);
  const providers = await notifications.organizationUsers(manager, match.providerOrganizationId, [
    Role.PROVIDER,
  ]);
  const recipients = [...requesters, ...providers].filter((id) => id !== actorId);
  return notifications.create(
    manager,
    recipients,
    { kind, message, subjectId: match.id, about: { reference: match.reference } },
    { match },
  );
}
