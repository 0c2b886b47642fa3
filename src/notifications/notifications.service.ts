import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { canSeeSubject, type Subject } from '../access/access-policy.js';
import { Role } from '../common/enums.js';
import { User } from '../organizations/user.entity.js';
import { Notification } from './notification.entity.js';

export const notificationTopic = (userId: string) => `notifications:${userId}`;

export interface NotificationDraft {
  kind: string;
  message: string;
  subjectId: string;
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
  ) {}

  /**
   * Stores a notification for each of `userIds` who may see its subject (the policy of `request(id)`),
   * so nobody hears even the id of what they could not read; publishing and e-mail use these rows.
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
      where: { id: In(candidates) },
      select: { id: true, roles: true, organizationId: true },
    });
    const recipients = users
      .filter((user) =>
        canSeeSubject({ id: user.id, roles: user.roles, organizationId: user.organizationId }, subject),
      )
      .map((user) => user.id);
    if (recipients.length === 0) return [];
    const rows = recipients.map((userId) => manager.create(Notification, { ...draft, userId, readAt: null }));
    return manager.save(Notification, rows);
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
