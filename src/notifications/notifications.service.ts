import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { canSeeSubject, type Subject } from '../access/access-policy.js';
import { Role } from '../common/enums.js';
import { User } from '../organizations/user.entity.js';
import { MailService } from '../mail/mail.service.js';
import { EmailDelivery, UnLanguage } from '../common/enums.js';
import { Notification } from './notification.entity.js';
import { deliveryOf } from '../common/notification-kinds.js';
import { notificationMail, type NotificationAbout, type NotificationParams } from './notification-mail.js';

export const notificationTopic = (userId: string) => `notifications:${userId}`;

export interface NotificationDraft {
  kind: string;
  message: string;
  subjectId: string;
  /** Its subject's reference and title, for the e-mail (not stored). */
  about?: NotificationAbout;
  /** What the e-mail's sentence names besides the reference (e.g. a status), in any language (not stored). */
  params?: NotificationParams;
}

/**
 * Notifications are stored in the transaction of their cause and published to subscribers only
 * after it commits (`publish`), so nobody hears of a change that was rolled back.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
    private readonly mail: MailService,
  ) {}

  /**
   * Stores a notification for each active user of `userIds` who may see its subject (the policy of
   * `request(id)`), so nobody hears even the id of what they could not read; publishing uses these
   * rows. Those who take this kind by e-mail at once get it in the outbox, in the same transaction.
   */
  async create(
    manager: EntityManager,
    userIds: string[],
    draft: NotificationDraft,
    subject: Subject,
  ): Promise<Notification[]> {
    const candidates = [...new Set(userIds)];
    if (candidates.length === 0) return [];
    const users = await manager.find(User, {
      where: { id: In(candidates), deactivatedAt: IsNull() },
      select: {
        id: true,
        email: true,
        displayName: true,
        roles: true,
        organizationId: true,
        notificationPreferences: true,
        preferredLanguage: true,
      },
    });
    const recipients = users.filter((user) =>
      canSeeSubject({ id: user.id, roles: user.roles, organizationId: user.organizationId }, subject),
    );
    if (recipients.length === 0) return [];
    const { about, params: _params, ...stored } = draft;
    const delivery = (user: User) => deliveryOf(user.notificationPreferences, draft.kind);
    const rows = recipients.map((user) =>
      manager.create(Notification, {
        ...stored,
        userId: user.id,
        readAt: null,
        inDigest: delivery(user) === EmailDelivery.DIGEST,
        digestedAt: null,
      }),
    );
    const saved = await manager.save(Notification, rows);
    for (const user of recipients) {
      if (delivery(user) === EmailDelivery.IMMEDIATE) {
        const language = user.preferredLanguage ?? UnLanguage.EN;
        await this.mail.enqueue(manager, notificationMail(user, draft, about, language));
      }
    }
    return saved;
  }

  /** Users of an organization holding one of `roles` (all its users when empty). */
  async organizationUsers(
    manager: EntityManager,
    organizationId: string,
    roles: Role[] = [],
  ): Promise<string[]> {
    const users = await manager.find(User, { where: { organizationId }, select: { id: true, roles: true } });
    return users.filter((u) => roles.length === 0 || u.roles.some((r) => roles.includes(r))).map((u) => u.id);
  }

  async coordinators(manager: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM app_user WHERE $1 = ANY(roles)`, [
      Role.COORDINATOR,
    ]);
    return rows.map((r) => r.id);
  }

  /** Sends committed notifications to their recipients' subscriptions. */
  async publish(notifications: Notification[]): Promise<void> {
    const fastify = this.adapterHost.httpAdapter?.getInstance<
      FastifyInstance & { graphql?: GraphqlWithPubsub }
    >();
    const pubsub = fastify?.graphql?.pubsub;
    if (!pubsub) return;
    for (const notification of notifications) {
      try {
        await pubsub.publish({
          topic: notificationTopic(notification.userId),
          payload: { notificationAdded: notification },
        });
      } catch (error) {
        this.logger.warn({ msg: 'could not publish a notification', err: error, id: notification.id });
      }
    }
  }

  mine(userId: string, unreadOnly: boolean, first: number): Promise<Notification[]> {
    return this.dataSource.getRepository(Notification).find({
      where: unreadOnly ? { userId, readAt: IsNull() } : { userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: first,
    });
  }

  /** Marks the viewer's own notifications read; returns how many changed. */
  async markRead(userId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.dataSource
      .getRepository(Notification)
      .update({ userId, id: In(ids), readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }
}

interface GraphqlWithPubsub {
  pubsub: { publish(event: { topic: string; payload: unknown }): Promise<void> | void };
}
