import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { findWithAccess, Permission } from '../access/access.js';
import type { Viewer } from '../viewer/viewer.js';
import { RequestAction, RequestStatus, Role } from '../common/enums.js';
import * as rules from '../common/input-rules.js';
import { readLayer } from '../database/kysely.js';
import { Notification } from '../notifications/notification.entity.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { Organization } from '../organizations/organization.entity.js';
import { M49_REGIONS } from '../reference/reference.service.js';
import type { AfterCommit } from '../workflow/marketplace-events.js';
import { MarketplaceLifecycle, type MarketplaceSide } from '../marketplace/marketplace-lifecycle.js';
import { MarketplaceServices } from '../marketplace/marketplace.services.js';
import { AssistanceRequest } from './assistance-request.entity.js';
import {
  fieldsFromCreate,
  fieldsFromUpdate,
  type RequestColumns,
  validateRequestFields,
} from './request-fields.js';
import { EDITABLE_REQUEST_STATUSES, REQUEST_EXIT_STATUSES, requestMachine } from './request-transitions.js';
import type { CreateRequestInput, RequestFilter, UpdateRequestInput } from './request.inputs.js';
import { RequestRepository } from './request.repository.js';

/** Review decisions the requesting organization hears about. */
const REVIEW_DECISIONS: RequestAction[] = [
  RequestAction.START_REVIEW,
  RequestAction.REQUEST_CHANGES,
  RequestAction.APPROVE,
  RequestAction.REJECT,
  RequestAction.CLOSE,
];

/** The request side of the marketplace lifecycle. */
const REQUEST_SIDE: MarketplaceSide<AssistanceRequest, RequestStatus, RequestAction> = {
  entity: AssistanceRequest,
  side: 'request',
  article: 'A',
  entityType: 'AssistanceRequest',
  table: 'assistance_request',
  referencePrefix: 'REQ',
  creator: { role: Role.REQUESTER, refusal: "Only a Member State's focal point (REQUESTER) posts requests" },
  owner: 'requestingOrganizationId',
  edit: Permission.REQUEST_EDIT,
  machine: requestMachine,
  initial: RequestStatus.DRAFT,
  editable: EDITABLE_REQUEST_STATUSES,
  exits: REQUEST_EXIT_STATUSES,
  stamps: {
    [RequestAction.SUBMIT]: { property: 'submittedAt', column: 'submitted_at' },
    [RequestAction.APPROVE]: { property: 'openedAt', column: 'opened_at' },
  },
};

/** Requesting States' needs: intake, edits, the review workflow and visibility-filtered reads. */
@Injectable()
export class RequestsService extends MarketplaceLifecycle<
  AssistanceRequest,
  RequestStatus,
  RequestAction,
  CreateRequestInput,
  UpdateRequestInput,
  RequestColumns,
  RequestFilter
> {
  constructor(
    services: MarketplaceServices,
    private readonly notifications: NotificationsService,
  ) {
    super(REQUEST_SIDE, services);
  }

  protected columnsOnCreate(input: CreateRequestInput, organization: Organization): RequestColumns {
    return validateRequestFields(fieldsFromCreate(input, organization.memberStateCode), this.reference);
  }

  protected columnsOnUpdate(current: AssistanceRequest, input: UpdateRequestInput): RequestColumns {
    return validateRequestFields(fieldsFromUpdate(current, input), this.reference);
  }

  /** Tells coordinators of a submission and the requesting organization of review decisions. */
  protected override async transitioned(
    manager: EntityManager,
    request: AssistanceRequest,
    action: RequestAction,
    to: RequestStatus,
  ): Promise<AfterCommit> {
    const sent = await this.notifyTransition(manager, request, action, to);
    return () => this.notifications.publish(sent);
  }

  protected pages() {
    return new RequestRepository(readLayer(this.dataSource));
  }

  /** The filter, once its reference data is known (the repository checks the rest). */
  protected override checkedFilter(
    filter: RequestFilter | null | undefined,
  ): RequestFilter | null | undefined {
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

  protected findVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<AssistanceRequest> {
    return findWithAccess(manager, AssistanceRequest, viewer, Permission.REQUEST_READ, id);
  }

  private async notifyTransition(
    manager: EntityManager,
    request: AssistanceRequest,
    action: RequestAction,
    to: RequestStatus,
  ): Promise<Notification[]> {
    const message = `${request.reference} is now ${to} (${action})`;
    const about = { reference: request.reference, title: request.title };
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
        { kind: 'REQUEST_SUBMITTED', message, subjectId: request.id, about, params: { status: to } },
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
        { kind: 'REQUEST_STATUS_CHANGED', message, subjectId: request.id, about, params: { status: to } },
        subject,
      );
    }
    return [];
  }
}
