import { Args, Context, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentViewer, Public } from '../viewer/viewer.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import type { Viewer } from '../viewer/viewer.js';
import { DomainError } from '../common/errors.js';
import { pageSize } from '../common/pagination.js';
import { isUuid } from '../common/validation.js';
import { Notification } from './notification.entity.js';
import { notificationTopic, NotificationsService } from './notifications.service.js';

interface SubscriptionContext {
  viewer?: Viewer;
  pubsub: { subscribe(topic: string): Promise<AsyncIterable<unknown>> };
}

@Resolver(() => Notification)
export class NotificationsResolver {
  constructor(
    private readonly service: NotificationsService,
    private readonly auth: AuthService,
  ) {}

  @Query(() => [Notification])
  myNotifications(
    @CurrentViewer() viewer: Viewer,
    @Args('unreadOnly', { type: () => Boolean, nullable: true, defaultValue: false })
    unreadOnly?: boolean | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number | null,
  ): Promise<Notification[]> {
    return this.service.mine(viewer.id, unreadOnly ?? false, pageSize(first, 50));
  }

  @Mutation(() => Int, {
    description: 'Marks the given notifications of yours read; returns how many changed',
  })
  markNotificationsRead(
    @CurrentViewer() viewer: Viewer,
    @Args('ids', { type: () => [ID] }) ids: string[],
  ): Promise<number> {
    if (ids.length > 1000) throw DomainError.badInput('ids', 'must hold at most 1000 ids');
    if (!ids.every(isUuid)) throw DomainError.badInput('ids', 'must be notification ids');
    return this.service.markRead(viewer.id, ids);
  }

  /**
   * The token is checked when the WebSocket connection starts (connection_init; see graphql.options),
   * its sign-in here and again at each event: once it has ended, events answer UNAUTHENTICATED.
   */
  @Public()
  @Subscription(() => Notification, {
    description: 'Notifications addressed to the signed-in user, as they are created',
    resolve(
      this: NotificationsResolver,
      payload: { notificationAdded: Notification },
      _args: unknown,
      context: SubscriptionContext,
    ) {
      return this.deliver(payload.notificationAdded, context);
    },
  })
  async notificationAdded(@Context() context: SubscriptionContext): Promise<AsyncIterable<unknown>> {
    const viewer = await this.currentViewer(context);
    return context.pubsub.subscribe(notificationTopic(viewer.id));
  }

  private async deliver(notification: Notification, context: SubscriptionContext): Promise<Notification> {
    await this.currentViewer(context);
    return notification;
  }

  private async currentViewer(context: SubscriptionContext): Promise<Viewer> {
    if (!context.viewer || (await this.auth.signInEnded(context.viewer))) {
      throw new DomainError('UNAUTHENTICATED', 'A valid access token is required');
    }
    return context.viewer;
  }
}
