import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Subject } from '../access/access-policy.js';
import { assertAccess, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { DomainError } from '../common/errors.js';
import { COMMENT_MAX } from '../common/input-rules.js';
import { requiredText } from '../common/validation.js';
import { AuditService } from '../audit/audit.service.js';
import type { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RequestsService } from '../requests/requests.service.js';
import { MatchesService } from '../matching/matches.service.js';
import { Comment } from './comment.entity.js';

/** Comments on what the viewer can see; the owning organization hears of each one. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: RequestsService,
    private readonly matches: MatchesService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async add(viewer: Viewer, subjectId: string, bodyInput: string): Promise<Comment> {
    const body = requiredText(bodyInput, 'body', COMMENT_MAX);
    // NOT_FOUND when the viewer can see neither a request nor a match of that id, as when none exists.
    const subject = await this.subject(viewer, subjectId);
    assertAccess(viewer, subject.permission, subject.row);
    const sent: Notification[] = [];
    const comment = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(Comment, { subjectType: subject.type, subjectId, authorId: viewer.id, body }),
      );
      await this.audit.append(manager, {
        entityType: subject.type,
        entityId: subjectId,
        action: 'COMMENT_ADDED',
        actorId: viewer.id,
        payload: { commentId: saved.id },
      });
      const owners: string[] = [];
      for (const organizationId of subject.organizations) {
        owners.push(...(await this.notifications.organizationUsers(manager, organizationId)));
      }
      sent.push(
        ...(await this.notifications.create(
          manager,
          owners.filter((id) => id !== viewer.id),
          {
            kind: 'COMMENT_ADDED',
            message: `New comment on ${subject.reference}`,
            subjectId,
            about: { reference: subject.reference },
          },
          subject.visibility,
        )),
      );
      return saved;
    });
    await this.notifications.publish(sent);
    return comment;
  }

  /** The request or match commented on, the organizations that hear of it, and who may see it. */
  private async subject(viewer: Viewer, id: string): Promise<CommentSubject> {
    try {
      const request = await this.requests.get(viewer, id);
      return {
        type: 'AssistanceRequest',
        permission: Permission.REQUEST_COMMENT,
        row: request,
        reference: request.reference,
        organizations: [request.requestingOrganizationId],
        visibility: {
          item: {
            status: request.status,
            confidentiality: request.confidentiality,
            ownerOrganizationId: request.requestingOrganizationId,
          },
        },
      };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
    }
    const match = await this.matches.get(viewer, id);
    return {
      type: 'Match',
      permission: Permission.MATCH_COMMENT,
      row: match,
      reference: match.reference,
      organizations: [match.requestingOrganizationId, match.providerOrganizationId],
      visibility: { match },
    };
  }
}

interface CommentSubject {
  type: 'AssistanceRequest' | 'Match';
  /** What commenting on it takes, and the row the grant is checked on. */
  permission: Permission;
  row: object;
  reference: string;
  organizations: string[];
  visibility: Subject;
}
