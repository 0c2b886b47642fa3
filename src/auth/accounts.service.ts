import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull, MoreThan } from 'typeorm';
import { isUniqueViolation } from '../common/idempotency.js';
import { invitationRefusal, speaksForOrganization } from '../access/access-policy.js';
import { AuditService } from '../audit/audit.service.js';
import { AccountAction } from '../audit/sign-in-events.js';
import { DomainError } from '../common/errors.js';
import { normalizeEmail } from '../common/validation.js';
import { JobQueue } from '../jobs/job-queue.js';
import { escapeHtml } from '../mail/html.js';
import { type Mail, MailService } from '../mail/mail.service.js';
import type { CreateUserInput } from '../organizations/organization.inputs.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { assertPasswordPolicy, hashPassword } from '../organizations/password.js';
import { User } from '../organizations/user.entity.js';
import type { Viewer } from '../viewer/viewer.js';
import { type AuthResult, AuthService } from './auth.service.js';
import { Invitation } from './invitation.entity.js';
import { PasswordReset } from './password-reset.entity.js';
import {
  formatSecretToken,
  hashTokenSecret,
  newTokenSecret,
  parseSecretToken,
  secretMatches,
} from './secret-tokens.js';
import { TokensService } from './tokens.service.js';

export const INVITATION_TTL_HOURS = 72;
export const RESET_TTL_MINUTES = 60;
/** Reset links sent per account within a day, at most. */
export const RESETS_PER_DAY = 3;
export const PASSWORD_RESET_QUEUE = 'password-reset';

const INVALID_INVITATION = 'is invalid, expired or already used; ask for a new invitation';
const INVALID_RESET = 'is invalid, expired or already used; ask for a new link';

/**
 * Accounts that run themselves: invitations (a person sets their own password through a one-time
 * token sent by mail) and password resets (a one-time link sent only to a known, active account).
 */
@Injectable()
export class AccountsService implements OnModuleInit {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly tokens: TokensService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ email: string }>({
      name: PASSWORD_RESET_QUEUE,
      options: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 60 },
      batchSize: 10,
      handler: ({ email }) => this.sendResetLink(email),
    });
  }

  /**
   * Invites a person by e-mail with roles: an ADMIN anyone anywhere, a focal point into their own
   * organization (the default) with their own roles at most. Inviting a pending address again
   * replaces its token.
   */
  async invite(
    viewer: Viewer,
    input: Pick<CreateUserInput, 'email' | 'displayName' | 'roles' | 'organizationId'>,
  ): Promise<Invitation> {
    const { email, displayName, roles, organization } = await this.organizations.accountFields({
      ...input,
      organizationId: input.organizationId ?? speaksForOrganization(viewer),
    });
    const refusal = invitationRefusal(viewer, organization?.id ?? null, roles);
    if (refusal) throw new DomainError('FORBIDDEN', refusal);
    const secret = newTokenSecret();
    return conflictOnDuplicate(
      this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(User, { email }))
          throw new DomainError('CONFLICT', 'A user with this e-mail already exists');
        const fields = {
          displayName,
          roles,
          organizationId: organization?.id ?? null,
          invitedBy: viewer.id,
          secretHash: hashTokenSecret(secret),
          expiresAt: new Date(Date.now() + INVITATION_TTL_HOURS * 3600 * 1000),
        };
        const pending = await manager.findOne(Invitation, {
          where: { email, acceptedAt: IsNull() },
          lock: { mode: 'pessimistic_write' },
        });
        // Renewed by an ADMIN, or by a focal point of the organization it invites into; never taken over.
        if (pending && invitationRefusal(viewer, pending.organizationId, []) !== null)
          throw new DomainError('CONFLICT', 'An invitation to this address is pending from elsewhere');
        let invitation: Invitation;
        if (pending) {
          await manager.update(Invitation, { id: pending.id }, fields);
          invitation = Object.assign(pending, fields);
        } else {
          invitation = await manager.save(manager.create(Invitation, { email, ...fields, acceptedAt: null }));
        }
        await this.audit.append(manager, {
          entityType: 'Invitation',
          entityId: invitation.id,
          action: pending ? 'INVITATION_RENEWED' : 'INVITATION_SENT',
          actorId: viewer.id,
          payload: { email, roles, organizationId: invitation.organizationId },
        });
        await this.mail.enqueue(
          manager,
          invitationMail(invitation, formatSecretToken(invitation.id, secret), organization?.name ?? null),
        );
        return invitation;
      }),
    );
  }

  /** Creates the invited account with its password, spends the token and signs the person in. */
  async acceptInvitation(token: string, password: string): Promise<AuthResult> {
    assertPasswordPolicy(password, 'password');
    const parsed = parseSecretToken(token);
    if (!parsed) throw DomainError.badInput('token', INVALID_INVITATION);
    const passwordHash = await hashPassword(password);
    return conflictOnDuplicate(
      this.dataSource.transaction(async (manager) => {
        const invitation = await manager.findOne(Invitation, {
          where: { id: parsed.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (
          !invitation ||
          !secretMatches(invitation.secretHash, parsed.secret) ||
          invitation.acceptedAt ||
          invitation.expiresAt.getTime() <= Date.now()
        )
          throw DomainError.badInput('token', INVALID_INVITATION);
        if (await manager.existsBy(User, { email: invitation.email }))
          throw new DomainError('CONFLICT', 'A user with this e-mail already exists');
        const user = await manager.save(
          manager.create(User, {
            email: invitation.email,
            displayName: invitation.displayName,
            passwordHash,
            roles: invitation.roles,
            organizationId: invitation.organizationId,
          }),
        );
        await manager.update(Invitation, { id: invitation.id }, { acceptedAt: new Date() });
        await this.audit.append(manager, {
          entityType: 'User',
          entityId: user.id,
          action: 'USER_CREATED',
          actorId: invitation.invitedBy,
          payload: {
            email: user.email,
            roles: user.roles,
            organizationId: user.organizationId,
            invitation: invitation.id,
          },
        });
        const tokens = await this.tokens.issue(manager, user);
        return { ...tokens, user };
      }),
    );
  }

  /**
   * Asks for a reset link. Answers the same, in the same time, whatever the address: the request only
   * queues a job (one insert either way); the job sends a link to a known, active account, at most
   * RESETS_PER_DAY a day.
   */
  async requestPasswordReset(email: string): Promise<boolean> {
    if (email.length <= 254) await this.jobs.send(PASSWORD_RESET_QUEUE, { email: normalizeEmail(email) });
    return true;
  }

  private async sendResetLink(email: string): Promise<void> {
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { email, deactivatedAt: IsNull() } });
    if (!user) return;
    const secret = newTokenSecret();
    await this.dataSource.transaction(async (manager) => {
      // One account's requests are counted one at a time.
      await manager.query('SELECT id FROM app_user WHERE id = $1 FOR UPDATE', [user.id]);
      const sent = await manager.count(PasswordReset, {
        where: { userId: user.id, createdAt: MoreThan(new Date(Date.now() - 24 * 3600 * 1000)) },
      });
      if (sent >= RESETS_PER_DAY) {
        this.logger.warn({ msg: 'password reset links throttled', userId: user.id });
        return;
      }
      const reset = await manager.save(
        manager.create(PasswordReset, {
          userId: user.id,
          secretHash: hashTokenSecret(secret),
          expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60 * 1000),
          usedAt: null,
        }),
      );
      await this.audit.append(manager, {
        entityType: 'User',
        entityId: user.id,
        action: 'PASSWORD_RESET_SENT',
        actorId: null,
        payload: { reset: reset.id },
      });
      await this.mail.enqueue(manager, resetMail(user, formatSecretToken(reset.id, secret)));
    });
  }

  /** Sets a new password with a reset link's token; every sign-in of the account ends. */
  async resetPassword(token: string, password: string): Promise<boolean> {
    assertPasswordPolicy(password, 'newPassword');
    const parsed = parseSecretToken(token);
    if (!parsed) throw DomainError.badInput('token', INVALID_RESET);
    const passwordHash = await hashPassword(password);
    const ended = await this.dataSource.transaction(async (manager) => {
      const reset = await manager.findOne(PasswordReset, {
        where: { id: parsed.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (
        !reset ||
        !secretMatches(reset.secretHash, parsed.secret) ||
        reset.usedAt ||
        reset.expiresAt.getTime() <= Date.now()
      )
        throw DomainError.badInput('token', INVALID_RESET);
      const user = await activeUser(manager, reset.userId);
      if (!user) throw DomainError.badInput('token', INVALID_RESET);
      // This link and every other open one of the account are spent with it.
      return this.auth.replacePassword(manager, user, passwordHash, {
        action: AccountAction.PASSWORD_RESET,
        actorId: user.id,
      });
    });
    await this.auth.refuseFamilies(ended);
    return true;
  }
}

/** A unique index refusing a write two requests raced to make: a CONFLICT, not an internal error. */
async function conflictOnDuplicate<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError('CONFLICT', 'A user or a pending invitation with this e-mail already exists');
    throw error;
  }
}

function activeUser(manager: EntityManager, id: string): Promise<User | null> {
  return manager.findOne(User, {
    where: { id, deactivatedAt: IsNull() },
    lock: { mode: 'pessimistic_write' },
  });
}

function invitationMail(invitation: Invitation, token: string, organization: string | null): Mail {
  const roles = invitation.roles.join(', ');
  const where = organization ? ` of ${organization}` : '';
  const expires = invitation.expiresAt.toISOString().replace('T', ' ').slice(0, 16);
  const text = [
    `Dear ${invitation.displayName},`,
    '',
    `You are invited to the critical-infrastructure assistance service as ${roles}${where}.`,
    '',
    `Set your password (at least 12 characters) before ${expires} UTC with this operation, which also signs you in:`,
    '',
    `  mutation { acceptInvitation(token: "${token}", password: "…") { accessToken refreshToken } }`,
    '',
    'The token works once. If it has expired, ask whoever invited you to invite you again.',
    '',
  ].join('\n');
  return {
    userId: null,
    to: invitation.email,
    kind: 'INVITATION',
    subject: 'Your invitation to the critical-infrastructure assistance service',
    text,
    html: `<!doctype html><html><body><pre>${escapeHtml(text)}</pre></body></html>`,
  };
}

function resetMail(user: Pick<User, 'id' | 'email' | 'displayName'>, token: string): Mail {
  const text = [
    `Dear ${user.displayName},`,
    '',
    `Someone asked to reset the password of this account. Within ${RESET_TTL_MINUTES} minutes, set a new one with:`,
    '',
    `  mutation { resetPassword(token: "${token}", newPassword: "…") }`,
    '',
    'Every sign-in of the account then ends. If you did not ask for this, ignore this mail: nothing changes.',
    '',
  ].join('\n');
  return {
    userId: user.id,
    to: user.email,
    kind: 'PASSWORD_RESET',
    subject: 'Resetting your password',
    text,
    html: `<!doctype html><html><body><pre>${escapeHtml(text)}</pre></body></html>`,
  };
}
