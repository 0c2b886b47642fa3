import { IATI_ORGANISATION_IDENTIFIER } from '../common/iati.js';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../common/idempotency.js';
import { holdsGrant } from '../access/access.js';
import { manageableAccounts } from '../access/access-policy.js';
import { AuditService } from '../audit/audit.service.js';
import { assertPasswordPolicy, hashPassword } from './password.js';
import type { Viewer } from '../viewer/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { type EmailDelivery, OrganizationKind, Role } from '../common/enums.js';
import { NOTIFICATION_KINDS } from '../common/notification-kinds.js';
import { DomainError } from '../common/errors.js';
import { isUuid, noDuplicates, requiredText, validEmail } from '../common/validation.js';
import { ReferenceService } from '../reference/reference.service.js';
import type {
  CreateOrganizationInput,
  CreateUserInput,
  UpdateMeInput,
  UpdateOrganizationInput,
  UserFilter,
} from './organization.inputs.js';
import { type Page, pageArgs } from '../common/pagination.js';
import { Organization } from './organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';
import { readLayer } from '../database/kysely.js';
import { User } from './user.entity.js';

const BOOTSTRAP_ADMIN_LOCK = 2341_0002;

/** A name shown in mails and lists: one line (no line breaks a mail could be forged with). */
function oneLine(text: string, field: string): string {
  if (/[\r\n]/.test(text)) throw DomainError.badInput(field, 'must be one line');
  return text;
}

/** Organizations and their users; creation is an ADMIN action, recorded in the audit log. */
@Injectable()
export class OrganizationsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(OrganizationsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly reference: ReferenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the bootstrap ADMIN from ADMIN_EMAIL / ADMIN_PASSWORD when no ADMIN exists yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) return;
    const passwordHash = await hashPassword(adminPassword);
    const created = await this.dataSource.transaction(async (manager) => {
      // Two instances starting together must not both create one.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_ADMIN_LOCK]);
      const [{ exists }] = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM app_user WHERE 'ADMIN' = ANY(roles))`,
      );
      if (exists) return null;
      if (await manager.existsBy(User, { email: adminEmail })) {
        this.logger.warn(`ADMIN_EMAIL ${adminEmail} belongs to a user who is not an ADMIN; no admin created`);
        return null;
      }
      const user = await manager.save(
        manager.create(User, {
          email: adminEmail,
          displayName: 'Administrator',
          passwordHash,
          roles: [Role.ADMIN],
          organizationId: null,
        }),
      );
      await this.audit.append(manager, {
        entityType: 'User',
        entityId: user.id,
        action: 'ADMIN_BOOTSTRAPPED',
        actorId: null,
        payload: { email: adminEmail },
      });
      return user;
    });
    if (created) this.logger.log(`created the bootstrap administrator ${adminEmail}`);
  }

  organizations(kind?: OrganizationKind | null): Promise<Organization[]> {
    return this.dataSource.getRepository(Organization).find({
      where: kind ? { kind } : {},
      order: { name: 'ASC' },
    });
  }

  async createOrganization(viewer: Viewer, input: CreateOrganizationInput): Promise<Organization> {
    const name = requiredText(input.name, 'input.name', 200);
    const code = input.memberStateCode?.trim().toUpperCase() || null;
    if (input.kind === OrganizationKind.MEMBER_STATE) {
      if (!code)
        throw DomainError.badInput('input.memberStateCode', 'is required for a MEMBER_STATE organization');
      if (!this.reference.memberState(code)) {
        throw DomainError.badInput(
          'input.memberStateCode',
          'must be the ISO alpha-3 code of a Member or observer State',
        );
      }
    } else if (code) {
      throw DomainError.badInput('input.memberStateCode', 'is only for MEMBER_STATE organizations');
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const organization = await manager.save(
          manager.create(Organization, { name, kind: input.kind, memberStateCode: code }),
        );
        await this.audit.append(manager, {
          entityType: 'Organization',
          entityId: organization.id,
          action: 'ORGANIZATION_CREATED',
          actorId: viewer.id,
          payload: { name, kind: input.kind, memberStateCode: code },
        });
        return organization;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('CONFLICT', `An organization named "${name}" already exists`);
      throw error;
    }
  }

  /**
   * The fields of a new account, checked in order (e-mail, name, roles, organization): the one rule
   * for an account made by an ADMIN and for an invitation.
   */
  async accountFields(
    input: Pick<CreateUserInput, 'email' | 'displayName' | 'roles' | 'organizationId'>,
    checkPassword: () => void = () => undefined,
  ): Promise<{ email: string; displayName: string; roles: Role[]; organization: Organization | null }> {
    const email = validEmail(input.email, 'input.email');
    const displayName = oneLine(
      requiredText(input.displayName, 'input.displayName', 200),
      'input.displayName',
    );
    checkPassword();
    if (input.roles.length === 0) throw DomainError.badInput('input.roles', 'must name at least one role');
    const roles = noDuplicates(input.roles, 'input.roles');
    const organization = await this.organizationFor(input.organizationId ?? null, roles);
    return { email, displayName, roles, organization };
  }

  async createUser(viewer: Viewer, input: CreateUserInput): Promise<User> {
    const { email, displayName, roles, organization } = await this.accountFields(input, () =>
      assertPasswordPolicy(input.password, 'input.password'),
    );
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.save(
          manager.create(User, {
            email,
            displayName,
            passwordHash,
            roles,
            organizationId: organization?.id ?? null,
          }),
        );
        await this.audit.append(manager, {
          entityType: 'User',
          entityId: user.id,
          action: 'USER_CREATED',
          actorId: viewer.id,
          payload: { email, roles, organizationId: user.organizationId },
        });
        return user;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('CONFLICT', 'A user with this e-mail already exists');
      throw error;
    }
  }

  /** The organization a viewer acts for in `role`, or FORBIDDEN with `refusal`. */
  async actingOrganization(viewer: Viewer, role: Role, refusal: string): Promise<Organization> {
    if (!holdsGrant(viewer, [role])) throw new DomainError('FORBIDDEN', refusal);
    // A prepared read of the read layer: this runs before every create.
    const [organization] = viewer.organizationId
      ? await new OrganizationRepository(readLayer(this.dataSource)).byIds([viewer.organizationId])
      : [];
    if (!organization) throw new DomainError('FORBIDDEN', 'Your account belongs to no organization');
    return organization;
  }

  /**
   * The user directory: every user for an ADMIN, their own organization's for a focal point; anyone
   * else is refused, as is a focal point asking for another organization.
   */
  users(
    viewer: Viewer,
    filter: UserFilter | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<Page<User>> {
    const scope = manageableAccounts(viewer);
    if (!scope) throw new DomainError('FORBIDDEN', 'Only ADMINs and focal points list users');
    const organizationId = filter?.organizationId ?? null;
    if (organizationId !== null && !isUuid(organizationId))
      throw DomainError.badInput('filter.organizationId', 'must be the id of an organization');
    if (scope !== 'all' && organizationId !== null && organizationId !== scope.organizationId)
      throw new DomainError('FORBIDDEN', "A focal point lists their own organization's users only");
    const args = pageArgs(first, after);
    return new OrganizationRepository(readLayer(this.dataSource)).usersPage(
      {
        organizationId: scope === 'all' ? organizationId : scope.organizationId,
        role: filter?.role ?? null,
        active: filter?.active ?? null,
      },
      args,
    );
  }

  /** Renames an organization (ADMIN); the name stays unique. */
  async updateOrganization(
    viewer: Viewer,
    id: string,
    input: UpdateOrganizationInput,
  ): Promise<Organization> {
    if (!isUuid(id)) throw DomainError.badInput('id', 'must be the id of an organization');
    const name = input.name == null ? null : requiredText(input.name, 'input.name', 200);
    const iati = input.iatiIdentifier == null ? undefined : input.iatiIdentifier.trim() || null;
    if (iati && !IATI_ORGANISATION_IDENTIFIER.test(iati)) {
      throw DomainError.badInput(
        'input.iatiIdentifier',
        'must be an IATI organisation identifier: a registration agency prefix and a number, e.g. XM-DAC-7 or GB-COH-01234567',
      );
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        const organization = await manager.findOne(Organization, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!organization) throw new DomainError('NOT_FOUND', 'Organization not found');
        const changes: Partial<Pick<Organization, 'name' | 'iatiIdentifier'>> = {};
        const payload: Record<string, { from: string | null; to: string | null }> = {};
        if (name !== null && name !== organization.name) {
          changes.name = name;
          payload.name = { from: organization.name, to: name };
        }
        if (iati !== undefined && iati !== organization.iatiIdentifier) {
          changes.iatiIdentifier = iati;
          payload.iatiIdentifier = { from: organization.iatiIdentifier, to: iati };
        }
        if (Object.keys(changes).length === 0) return organization;
        await manager.update(Organization, { id }, changes);
        await this.audit.append(manager, {
          entityType: 'Organization',
          entityId: id,
          action: 'ORGANIZATION_UPDATED',
          actorId: viewer.id,
          payload,
        });
        return Object.assign(organization, changes);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'organization_iati_identifier'))
        throw new DomainError('CONFLICT', `Another organization has the IATI identifier ${iati}`);
      if (isUniqueViolation(error))
        throw new DomainError('CONFLICT', `An organization named "${name}" already exists`);
      throw error;
    }
  }

  /** The viewer's own display name and language. */
  async updateMe(viewer: Viewer, input: UpdateMeInput): Promise<User> {
    const changes: Partial<Pick<User, 'displayName' | 'preferredLanguage' | 'notificationPreferences'>> = {};
    if (input.displayName != null)
      changes.displayName = oneLine(
        requiredText(input.displayName, 'input.displayName', 200),
        'input.displayName',
      );
    if (input.preferredLanguage != null) changes.preferredLanguage = input.preferredLanguage;
    const chosen = input.notificationPreferences ?? [];
    for (const [index, { kind }] of chosen.entries()) {
      if (!Object.hasOwn(NOTIFICATION_KINDS, kind))
        throw DomainError.badInput(
          `input.notificationPreferences[${index}].kind`,
          `must be one of ${Object.keys(NOTIFICATION_KINDS).join(', ')}`,
        );
    }
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, {
        where: { id: viewer.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
      if (chosen.length > 0) {
        // Only what differs from the defaults is kept, so a changed default reaches everyone else.
        const preferences: Record<string, EmailDelivery> = { ...user.notificationPreferences };
        for (const { kind, delivery } of chosen) {
          if (delivery === NOTIFICATION_KINDS[kind]) delete preferences[kind];
          else preferences[kind] = delivery;
        }
        changes.notificationPreferences = preferences;
      }
      const changed = Object.fromEntries(
        Object.entries(changes).filter(
          ([key, value]) => JSON.stringify(user[key as keyof typeof changes]) !== JSON.stringify(value),
        ),
      );
      if (Object.keys(changed).length === 0) return user;
      await manager.update(User, { id: user.id }, changed);
      await this.audit.append(manager, {
        entityType: 'User',
        entityId: user.id,
        action: 'USER_UPDATED',
        actorId: viewer.id,
        payload: changed,
      });
      return Object.assign(user, changed);
    });
  }

  async me(viewer: Viewer): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: viewer.id } });
    if (!user) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
    return user;
  }

  /** REQUESTERs speak for a Member State; PROVIDERs for an organization. */
  private async organizationFor(id: string | null, roles: Role[]) {
    const field = 'input.organizationId';
    const needsOrganization = roles.includes(Role.REQUESTER) || roles.includes(Role.PROVIDER);
    if (!id) {
      if (needsOrganization)
        throw DomainError.badInput(field, 'is required for REQUESTER and PROVIDER users');
      return null;
    }
    if (!isUuid(id)) throw DomainError.badInput(field, 'must be the id of an organization');
    const organization = await this.dataSource.getRepository(Organization).findOne({ where: { id } });
    if (!organization) throw DomainError.badInput(field, 'no such organization');
    if (roles.includes(Role.REQUESTER) && organization.kind !== OrganizationKind.MEMBER_STATE) {
      throw DomainError.badInput(field, 'a REQUESTER must belong to a MEMBER_STATE organization');
    }
    return organization;
  }
}
