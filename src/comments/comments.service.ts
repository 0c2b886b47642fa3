import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from '../auth/viewer.js';
import { Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { COMMENT_MAX } from '../common/input-rules.js';
import { requiredText } from '../common/validation.js';
import { AuditService } from '../audit/audit.service.js';
import type { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RequestsService } from '../requests/requests.service.js';
import { Comment } from './comment.entity.js';

/** Comments on what the viewer can see; the owning organization hears of each one. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async add(viewer: Viewer, subjectId: string, bodyInput: string): Promise<Comment> {
    const body = requiredText(bodyInput, 'body', COMMENT_MAX);
    // NOT_FOUND when the viewer cannot see the subject, exactly as when it does not exist.
    const request = await this.requests.get(viewer, subjectId);
    if (viewer.roles.length === 1 && viewer.roles[0] === Role.CTC_OBSERVER) {
      throw new DomainError('FORBIDDEN', 'CTC observers read; they do not comment');
    }
    const sent: Notification[] = [];
    const comment = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(Comment, { subjectType: 'AssistanceRequest', subjectId, authorId: viewer.id, body }),
      );
      await this.audit.append(manager, {
        entityType: 'AssistanceRequest',
        entityId: subjectId,
        action: 'COMMENT_ADDED',
        actorId: viewer.id,
        payload: { commentId: saved.id },
      });
      const owners = await this.notifications.organizationUsers(manager, request.requestingOrganizationId);
      sent.push(
        ...(await this.notifications.create(
          manager,
          owners.filter((id) => id !== viewer.id),
          { kind: 'COMMENT_ADDED', message: `New comment on ${request.reference}`, subjectId },
        )),
      );
      return saved;
    });
    await this.notifications.publish(sent);
    return comment;
  }
}
