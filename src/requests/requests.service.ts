import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { findWithAccess, Permission } from '../access/access.js';
import { staleVersion } from '../access/visible-query.js';
import type { Viewer } from '../viewer/viewer.js';
import { RequestAction, RequestStatus, Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { createOnce } from '../common/idempotency.js';
import * as rules from '../common/input-rules.js';
import { type Page, pageArgs } from '../common/pagination.js';
import { readLayer } from '../database/kysely.js';
import { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { M49_REGIONS, ReferenceService } from '../reference/reference.service.js';
import { type AfterCommit, MarketplaceEvents } from '../workflow/marketplace-events.js';
import { withUniqueReferences } from '../workflow/references.js';
import { StatusHistoryService } from '../workflow/status-history.service.js';
import { AssistanceRequest } from './assistance-request.entity.js';
import { fieldsFromCreate, fieldsFromUpdate, validateRequestFields } from './request-fields.js';
import { EDITABLE_REQUEST_STATUSES, REQUEST_EXIT_STATUSES, requestMachine } from './request-transitions.js';
import type { CreateRequestInput, RequestFilter, UpdateRequestInput } from './request.inputs.js';
import { RequestRepository } from './request.repository.js';

const ENTITY = 'AssistanceRequest' as const;
/** Review decisions the requesting organization hears about. */
const REVIEW_DECISIONS: RequestAction[] = [
  RequestAction.START_REVIEW,
  RequestAction.REQUEST_CHANGES,
  RequestAction.APPROVE,
  RequestAction.REJECT,
  RequestAction.CLOSE,
];

/** Requesting States' needs: intake, edits, the review workflow and visibility-filtered reads. */
@Injectable()
export class RequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
    private readonly organizations: OrganizationsService,
    private readonly history: StatusHistoryService,
    private readonly notifications: NotificationsService,
    private readonly marketplace: MarketplaceEvents,
  ) {}

  async create(viewer: Viewer, input: CreateRequestInput): Promise<AssistanceRequest> {
    const organization = await this.organizations.actingOrganization(
      viewer,
      Role.REQUESTER,
      "Only a Member State's focal point (REQUESTER) posts requests",
    );
    const key = rules.idempotencyKey(input.idempotencyKey);
    const columns = validateRequestFields(
      fieldsFromCreate(input, organization.memberStateCode),
      this.reference,
    );
    return createOnce({
      key,
      input,
      constraint: 'assistance_request_idempotency',
      find: (k) =>
        this.dataSource
          .getRepository(AssistanceRequest)
          .findOne({ where: { createdBy: viewer.id, idempotencyKey: k } }),
      create: (print) =>
        this.dataSource.transaction(async (manager) => {
          const request = await withUniqueReferences(
            manager,
            { prefix: 'REQ', constraint: 'assistance_request_reference' },
            ([reference]) =>
              manager.save(
                manager.create(AssistanceRequest, {
                  ...columns,
                  reference,
                  requestingOrganizationId: organization.id,
                  status: RequestStatus.DRAFT,
                  version: 1,
                  createdBy: viewer.id,
                  idempotencyKey: key,
                  idempotencyFingerprint: print,
                  submittedAt: null,
                  openedAt: null,
                }),
              ),
          );
          await this.history.record(manager, {
            entityType: ENTITY,
            entityId: request.id,
            from: null,
            to: RequestStatus.DRAFT,
            action: 'CREATE',
            actorId: viewer.id,
            detail: { reference: request.reference },
          });
          return request;
        }),
    });
  }

  async update(
    viewer: Viewer,
    id: string,
    input: UpdateRequestInput,
    expectedVersion: number,
  ): Promise<AssistanceRequest> {
    return this.dataSource.transaction(async (manager) => {
      const current = await findWithAccess(manager, AssistanceRequest, viewer, Permission.REQUEST_EDIT, id);
      if (current.version !== expectedVersion) throw staleVersion('Request', current.version);
      if (!EDITABLE_REQUEST_STATUSES.includes(current.status)) {
        throw new DomainError(
          'INVALID_TRANSITION',
          `A request in status ${current.status} can no longer be edited`,
        );
      }
      const columns = validateRequestFields(fieldsFromUpdate(current, input), this.reference);
      const result = await manager
        .createQueryBuilder()
        .update(AssistanceRequest)
        .set({ ...columns, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND status IN (:...statuses)', {
          id,
          version: expectedVersion,
          statuses: EDITABLE_REQUEST_STATUSES,
        })
        .execute();
      if (result.affected !== 1) throw staleVersion('Request');
      await this.history.recordEdit(manager, {
        entityType: ENTITY,
        entityId: id,
        action: 'UPDATE',
        actorId: viewer.id,
        payload: { fields: Object.keys(input).sort(), version: expectedVersion + 1 },
      });
      return manager.findOneOrFail(AssistanceRequest, { where: { id } });
    });
  }

  async transition(
    viewer: Viewer,
    id: string,
    action: RequestAction,
    reason: string | null | undefined,
    expectedVersion: number | null | undefined,
  ): Promise<AssistanceRequest> {
    const note = rules.optionalText(reason, 'reason', rules.COMMENT_MAX);
    const sent: Notification[] = [];
    const afterCommit: AfterCommit[] = [];
    const updated = await this.dataSource.transaction(async (manager) => {
      const current = await this.findVisible(manager, viewer, id);
      if (expectedVersion !== null && expectedVersion !== undefined && current.version !== expectedVersion) {
        throw staleVersion('Request', current.version);
      }
      const to = requestMachine.apply(
        viewer,
        { status: current.status, ownerOrganizationId: current.requestingOrganizationId },
        action,
      );
      const stamps: Partial<Record<'submittedAt' | 'openedAt', () => string>> = {};
      if (action === RequestAction.SUBMIT) stamps.submittedAt = () => 'coalesce(submitted_at, now())';
      if (action === RequestAction.APPROVE) stamps.openedAt = () => 'coalesce(opened_at, now())';
      // Conditional on the status and version read above: of concurrent attempts exactly one wins.
      const result = await manager
        .createQueryBuilder()
        .update(AssistanceRequest)
        .set({ status: to, version: () => 'version + 1', ...stamps })
        .where('id = :id AND status = :from AND version = :version', {
          id,
          from: current.status,
          version: current.version,
        })
        .execute();
      if (result.affected !== 1) throw staleVersion('Request');
      await this.history.record(manager, {
        entityType: ENTITY,
        entityId: id,
        from: current.status,
        to,
        action,
        actorId: viewer.id,
        reason: note,
      });
      if (REQUEST_EXIT_STATUSES.includes(to)) {
        afterCommit.push(
          await this.marketplace.exited(manager, { side: 'request', id, to, actorId: viewer.id }),
        );
      }
      sent.push(...(await this.notifyTransition(manager, current, action, to)));
      return manager.findOneOrFail(AssistanceRequest, { where: { id } });
    });
    await this.notifications.publish(sent);
    for (const run of afterCommit) await run();
    return updated;
  }

  /** A request the viewer may see, or NOT_FOUND (the same answer as for one that does not exist). */
  async get(viewer: Viewer, id: string): Promise<AssistanceRequest> {
    return this.findVisible(this.dataSource.manager, viewer, id);
  }

  list(
    viewer: Viewer,
    filter: RequestFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Page<AssistanceRequest>> {
    // Every listed item shows its organization: read with the page, in the same statement.
    const args = pageArgs(first, after);
    return new RequestRepository(readLayer(this.dataSource)).page(viewer, this.filtered(filter), args);
  }

  allowedActions(viewer: Viewer, request: AssistanceRequest): RequestAction[] {
    return requestMachine.allowedActions(viewer, {
      status: request.status,
      ownerOrganizationId: request.requestingOrganizationId,
    });
  }

  /** The filter, once its reference data is known (the repository checks the rest). */
  private filtered(filter: RequestFilter | null | undefined): RequestFilter | null | undefined {
    if (filter?.region !== null && filter?.region !== undefined) {
      rules.regions([filter.region], 'filter.region', M49_REGIONS);
    }
    if (filter?.memberStateCode !== null && filter?.memberStateCode !== undefined) {
      rules.stateCodes([filter.memberStateCode], 'filter.memberStateCode', (code) =>
        Boolean(this.reference.memberState(code)),
      );
    }
    return filter;
  }

  private findVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<AssistanceRequest> {
    return findWithAccess(manager, AssistanceRequest, viewer, Permission.REQUEST_READ, id);
  }

  private async notifyTransition(
    manager: EntityManager,
    request: AssistanceRequest,
    action: RequestAction,
    to: RequestStatus,
  ): Promise<Notification[]> {
    const message = `${request.reference} is now ${to} (${action})`;
    const subject = {
      item: {
        status: to,
        confidentiality: request.confidentiality,
        ownerOrganizationId: request.requestingOrganizationId,
      },
    };
    if (action === RequestAction.SUBMIT) {
      return this.notifications.create(
        manager,
        await this.notifications.coordinators(manager),
        { kind: 'REQUEST_SUBMITTED', message, subjectId: request.id },
        subject,
      );
    }
    if (REVIEW_DECISIONS.includes(action)) {
      const requesters = await this.notifications.organizationUsers(
        manager,
        request.requestingOrganizationId,
        [Role.REQUESTER],
      );
      return this.notifications.create(
        manager,
        requesters,
        { kind: 'REQUEST_STATUS_CHANGED', message, subjectId: request.id },
        subject,
      );
    }
    return [];
  }
}
