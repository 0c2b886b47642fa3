import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull, MoreThan } from 'typeorm';
import { PasswordReset } from './password-reset.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { ACCOUNT_ENTITY, AccountAction, SignInAction } from '../audit/sign-in-events.js';
import { Role } from '../common/enums.js';
import { isUuid } from '../common/validation.js';
import { DomainError } from '../common/errors.js';
import { ACCESS_TOKEN_TTL_MAX_SECONDS } from '../config/config.js';
import { normalizeEmail } from '../common/validation.js';
import { User } from '../organizations/user.entity.js';
import { LoginFailure } from './login-attempt.entity.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from '../organizations/password.js';
import { RevokedFamilies } from './revoked-families.js';
import { type IssuedTokens, TokensService } from './tokens.service.js';
import type { Viewer } from '../viewer/viewer.js';

export interface AuthResult extends IssuedTokens {
  user: User;
}

/** Failed sign-ins allowed per account within the window before RATE_LIMITED. */
export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;
const LOGIN_FAILED_MESSAGE = 'Invalid e-mail or password';
const DEACTIVATED_MESSAGE = 'This account has been deactivated; an ADMIN can reactivate it';
/** Serialises deactivations, so that two ADMINs deactivating each other cannot leave none active. */
const ADMIN_ROSTER_LOCK = 2341_0003;
/** Class of the per-account advisory locks (two-key form, apart from the audit chain's one-key lock). */
const LOGIN_ATTEMPT_LOCK = 2341;

@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the account does not exist, so both failures take the same time. */
  private dummyHash!: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    private readonly revoked: RevokedFamilies,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword(`dummy-${crypto.randomUUID()}`);
    // Sign-ins revoked before a restart keep their access tokens refused until those expire.
    const since = new Date(Date.now() - ACCESS_TOKEN_TTL_MAX_SECONDS * 1000);
    for (const { familyId, revokedAt } of await this.tokens.revokedSince(since)) {
      await this.revoked.revoke(familyId, revokedAt);
    }
  }

  /**
   * The viewer of a bearer token that is valid and whose sign-in has not ended, else null: the one
   * check behind the rate limiter's key, introspection and WebSocket connections.
   */
  readonly viewerOfToken = async (token: string): Promise<Viewer | null> => {
    const viewer = token ? await this.tokens.verifyAccess(token) : null;
    return viewer && !(await this.signInEnded(viewer)) ? viewer : null;
  };

  /**
   * Whether the access token's sign-in has ended (logout, reused refresh token, password change,
   * deactivation) or the token itself has expired since it was checked (an open subscription lives
   * no longer than the token it was opened with).
   */
  async signInEnded(viewer: Viewer): Promise<boolean> {
    if (viewer.expiresAt !== undefined && viewer.expiresAt <= Date.now()) return true;
    return viewer.familyId === undefined || (await this.revoked.isRevoked(viewer.familyId));
  }

  async login(emailInput: string, password: string, ip: string | null): Promise<AuthResult> {
    const email = normalizeEmail(emailInput);
    // Nothing that cannot be an account name reaches the database; it fails like any wrong login.
    // eslint-disable-next-line no-control-regex -- control characters are what is refused here
    if (email.length > 254 || /[\u0000-\u001f\u007f]/.test(email) || password.length > 1024) {
      await verifyPassword(this.dummyHash, password.slice(0, 1024));
      throw new DomainError('UNAUTHENTICATED', LOGIN_FAILED_MESSAGE);
    }
    if (!(await this.reserveAttempt(email, ip))) {
      this.logger.warn({ msg: 'sign-in throttled', email, ip });
      await this.audit.record({
        entityType: ACCOUNT_ENTITY,
        entityId: email,
        action: SignInAction.LOGIN_THROTTLED,
        actorId: null,
        payload: { ip },
      });
      throw new DomainError('RATE_LIMITED', 'Too many failed sign-ins for this account; try again later');
    }
    const user = await this.dataSource.getRepository(User).findOne({ where: { email } });
    const valid = await verifyPassword(user?.passwordHash ?? this.dummyHash, password);
    if (!user || !valid) {
      // The reserved attempt stays counted as this failure.
      await this.dataSource.transaction(async (manager) => {
        await this.audit.append(manager, {
          entityType: ACCOUNT_ENTITY,
          entityId: user?.id ?? email,
          action: SignInAction.LOGIN_FAILED,
          actorId: null,
          payload: { ip, knownAccount: Boolean(user) },
        });
      });
      this.logger.warn({ msg: 'sign-in failed', email, ip });
      throw new DomainError('UNAUTHENTICATED', LOGIN_FAILED_MESSAGE);
    }
    if (user.deactivatedAt) {
      await this.audit.record({
        entityType: 'User',
        entityId: user.id,
        action: SignInAction.LOGIN_FAILED,
        actorId: null,
        payload: { ip, knownAccount: true, deactivated: true },
      });
      throw new DomainError('UNAUTHENTICATED', DEACTIVATED_MESSAGE);
    }
    return this.dataSource.transaction(async (manager) => {
      // A deactivation committed since the read above wins (it holds the row while it ends sign-ins).
      await this.assertActive(manager, user.id);
      await manager.delete(LoginFailure, { email });
      const tokens = await this.tokens.issue(manager, user);
      await this.audit.append(manager, {
        entityType: 'User',
        entityId: user.id,
        action: SignInAction.LOGIN_SUCCEEDED,
        actorId: user.id,
        payload: { ip },
      });
      return { ...tokens, user };
    });
  }

  /**
   * Counts the account's recent failures and, under the budget, records this attempt as one before
   * its password is checked (a success deletes them all). Count and insert run under a per-account
   * lock, so concurrent attempts past the budget are refused without an argon2 check. False: throttled.
   */
  private reserveAttempt(email: string, ip: string | null): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOGIN_ATTEMPT_LOCK, email]);
      const since = new Date(Date.now() - LOGIN_FAILURE_WINDOW_MS);
      const failures = await manager.count(LoginFailure, { where: { email, at: MoreThan(since) } });
      if (failures >= LOGIN_FAILURE_LIMIT) return false;
      await manager.insert(LoginFailure, { email, ip });
      return true;
    });
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    // A deactivated account's sign-ins were ended; one racing the deactivation finds the row held.
    const outcome = await this.tokens.rotate(refreshToken, async (manager, id) => {
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_read' } });
      return user && !user.deactivatedAt ? user : null;
    });
    if (outcome.kind === 'reused') {
      await this.revoked.revoke(outcome.familyId);
      this.logger.warn({ msg: 'spent refresh token reused; family revoked', userId: outcome.userId });
      await this.audit.record({
        entityType: 'User',
        entityId: outcome.userId,
        action: SignInAction.REFRESH_TOKEN_REUSED,
        actorId: null,
        payload: { family: outcome.familyId },
      });
    }
    if (outcome.kind !== 'rotated') throw TokensService.invalid();
    return { ...outcome.tokens, user: outcome.user };
  }

  async logout(viewer: Viewer, refreshToken: string): Promise<boolean> {
    const family = await this.dataSource.transaction(async (manager) => {
      const revoked = await this.tokens.revokeOwnFamily(manager, refreshToken, viewer.id);
      if (!revoked) return null;
      await this.audit.append(manager, {
        entityType: 'User',
        entityId: viewer.id,
        action: SignInAction.LOGOUT,
        actorId: viewer.id,
        payload: { family: revoked },
      });
      return revoked;
    });
    if (family) await this.revoked.revoke(family);
    return family !== null;
  }

  /**
   * Changes the viewer's own password, given the current one (checked against the same per-account
   * failure budget as sign-ins). Every other sign-in of the account ends at once; this one goes on.
   */
  async changePassword(viewer: Viewer, current: string, next: string): Promise<boolean> {
    assertPasswordPolicy(next, 'newPassword');
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: viewer.id } });
    if (!user) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists');
    if (!(await this.reserveAttempt(user.email, null)))
      throw new DomainError('RATE_LIMITED', 'Too many failed attempts for this account; try again later');
    if (current.length > 1024 || !(await verifyPassword(user.passwordHash, current))) {
      await this.audit.record({
        entityType: 'User',
        entityId: user.id,
        action: SignInAction.LOGIN_FAILED,
        actorId: viewer.id,
        payload: { changingPassword: true },
      });
      throw DomainError.badInput('currentPassword', 'is not your current password');
    }
    if (next === current) throw DomainError.badInput('newPassword', 'must differ from the current password');
    const passwordHash = await hashPassword(next);
    const ended = await this.dataSource.transaction(async (manager) => {
      // Held until commit: a refresh racing this waits, then finds its token revoked.
      await manager.query('SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE', [user.id]);
      return this.replacePassword(manager, user, passwordHash, {
        action: AccountAction.PASSWORD_CHANGED,
        actorId: viewer.id,
        keepFamilyId: viewer.familyId,
      });
    });
    await this.refuseFamilies(ended);
    return true;
  }

  /**
   * A new password for an account whose row the transaction holds: every open reset link is spent,
   * past failed sign-ins are forgotten, and every sign-in but `keepFamilyId`'s ends (their refresh
   * tokens now; their access tokens once the caller passes the families to `refuseFamilies` after
   * commit). The one rule behind a password change and a reset.
   */
  async replacePassword(
    manager: EntityManager,
    user: Pick<User, 'id' | 'email'>,
    passwordHash: string,
    why: { action: string; actorId: string; keepFamilyId?: string },
  ): Promise<string[]> {
    await manager.update(User, { id: user.id }, { passwordHash });
    await manager.update(PasswordReset, { userId: user.id, usedAt: IsNull() }, { usedAt: new Date() });
    await manager.delete(LoginFailure, { email: user.email });
    const families = await this.tokens.endSignIns(manager, user.id, why.keepFamilyId);
    await this.audit.append(manager, {
      entityType: 'User',
      entityId: user.id,
      action: why.action,
      actorId: why.actorId,
      payload: { endedSignIns: families.length },
    });
    return families;
  }

  /**
   * Deactivates (`active` false) or reactivates a user (ADMIN). Deactivation ends every sign-in of
   * theirs at once (their access tokens are refused from the next request or event on) and keeps
   * everything they wrote. An ADMIN cannot deactivate themselves, nor the last active ADMIN.
   */
  async setActive(viewer: Viewer, id: string, active: boolean): Promise<User> {
    if (!isUuid(id)) throw DomainError.badInput('id', 'must be the id of a user');
    if (!active && id === viewer.id)
      throw new DomainError('FORBIDDEN', 'You cannot deactivate your own account');
    const { user, ended } = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_ROSTER_LOCK]);
      const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new DomainError('NOT_FOUND', 'User not found');
      if ((user.deactivatedAt === null) === active) return { user, ended: [] as string[] };
      if (!active && user.roles.includes(Role.ADMIN)) {
        const [{ others }] = (await manager.query(
          `SELECT count(*)::int AS others FROM app_user
            WHERE $1 = ANY(roles) AND deactivated_at IS NULL AND id <> $2`,
          [Role.ADMIN, id],
        )) as { others: number }[];
        if (others === 0) throw new DomainError('FORBIDDEN', 'The last active ADMIN cannot be deactivated');
      }
      const deactivatedAt = active ? null : new Date();
      await manager.update(User, { id }, { deactivatedAt });
      const families = active ? [] : await this.tokens.endSignIns(manager, id);
      await this.audit.append(manager, {
        entityType: 'User',
        entityId: id,
        action: active ? AccountAction.USER_REACTIVATED : AccountAction.USER_DEACTIVATED,
        actorId: viewer.id,
        payload: active ? {} : { endedSignIns: families.length },
      });
      return { user: Object.assign(user, { deactivatedAt }), ended: families };
    });
    await this.refuseFamilies(ended);
    return user;
  }

  /** Refuses the access tokens of ended sign-ins (after their refresh tokens were revoked). */
  async refuseFamilies(families: readonly string[]): Promise<void> {
    for (const family of families) await this.revoked.revoke(family);
  }

  /** UNAUTHENTICATED unless the account exists and is active, holding its row until commit. */
  private async assertActive(manager: EntityManager, id: string): Promise<void> {
    const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_read' } });
    if (!user || user.deactivatedAt) throw new DomainError('UNAUTHENTICATED', DEACTIVATED_MESSAGE);
  }
}
