import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { holdsGrant } from '../access/access.js';
import { AuditService } from '../audit/audit.service.js';
import { assertPasswordPolicy, hashPassword } from './password.js';
import type { Viewer } from '../viewer/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { OrganizationKind, Role } from '../common/enums.js';
import { DomainError } from '../common/errors.js';
import { isUuid, noDuplicates, requiredText, validEmail } from '../common/validation.js';
import { ReferenceService } from '../reference/reference.service.js';
import type { CreateOrganizationInput, CreateUserInput } from './organization.inputs.js';
import { Organization } from './organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';
import { readLayer } from '../database/kysely.js';
import { User } from './user.entity.js';

const UNIQUE_VIOLATION = '23505';
const BOOTSTRAP_ADMIN_LOCK = 2341_0002;

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
  );
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

  async createUser(viewer: Viewer, input: CreateUserInput): Promise<User> {
    const email = validEmail(input.email, 'input.email');
    const displayName = requiredText(input.displayName, 'input.displayName', 200);
    assertPasswordPolicy(input.password, 'input.password');
    if (input.roles.length === 0) throw DomainError.badInput('input.roles', 'must name at least one role');
    const roles = noDuplicates(input.roles, 'input.roles');
    const organization = await this.organizationFor(input.organizationId ?? null, roles);
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
