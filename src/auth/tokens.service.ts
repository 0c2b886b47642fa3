import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from '../common/errors.js';
import type { User } from '../organizations/user.entity.js';
import { RefreshToken } from './refresh-token.entity.js';
import {
  formatSecretToken,
  hashTokenSecret,
  newTokenSecret,
  parseSecretToken,
  secretMatches,
} from './secret-tokens.js';
import { viewerFromClaims } from '../viewer/access-token.js';
import type { AccessTokenClaims, Viewer } from '../viewer/viewer.js';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** What happened to a presented refresh token. */
export type RotationOutcome =
  | { kind: 'rotated'; user: User; tokens: IssuedTokens }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/** How many verified access tokens are remembered (about 0.5 kB each). */
const VERIFIED_MAX = 10_000;

/** Access tokens (short-lived JWTs) and rotating refresh tokens grouped in families. */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Access tokens already verified, with their viewer and expiry (oldest first, at most VERIFIED_MAX). */
  private readonly verified = new Map<string, { viewer: Viewer; expiresAt: number }>();

  /**
   * The viewer of a validly signed, unexpired access token of ours (HS256, our issuer and audience);
   * its sign-in may have ended since (AuthService.viewerOfToken checks that on every request). A token
   * verified once is remembered until it expires, so the signature is not checked again on each of its
   * requests; only valid tokens are remembered, so garbage cannot fill the cache.
   */
  async verifyAccess(token: string): Promise<Viewer | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.expiresAt > Date.now()) return known.viewer;
      this.verified.delete(token);
    }
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token, {
        algorithms: ['HS256'],
        issuer: this.config.jwtIssuer,
        audience: this.config.jwtAudience,
      });
      const viewer = viewerFromClaims(claims);
      if (viewer && typeof claims.exp === 'number') this.remember(token, viewer, claims.exp * 1000);
      return viewer;
    } catch {
      return null;
    }
  }

  private remember(token: string, viewer: Viewer, expiresAt: number): void {
    if (this.verified.size >= VERIFIED_MAX) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    // Shared by every request that presents the token: nothing may change it.
    Object.freeze(viewer.roles);
    this.verified.set(token, { viewer: Object.freeze(viewer), expiresAt });
  }

  /** Starts a new family (a new sign-in). */
  issue(manager: EntityManager, user: User): Promise<IssuedTokens> {
    return this.issueInFamily(manager, user, crypto.randomUUID());
  }

  /**
   * Spends the presented token and issues its successor in the same family. A token presented
   * after it was spent revokes every token of its family (someone else holds a copy).
   */
  async rotate(presented: string, loadUser: (manager: EntityManager, id: string) => Promise<User | null>) {
    const parsed = parseSecretToken(presented);
    if (!parsed) return { kind: 'invalid' } as RotationOutcome;
    return this.dataSource.transaction(async (manager): Promise<RotationOutcome> => {
      // The account first, then its token: the order of every change that ends sign-ins (password,
      // deactivation), which then waits for this rotation or makes it see the token revoked.
      const owner = await manager.findOne(RefreshToken, {
        where: { id: parsed.id },
        select: { userId: true },
      });
      if (!owner) return { kind: 'invalid' };
      await manager.query('SELECT 1 FROM app_user WHERE id = $1 FOR SHARE', [owner.userId]);
      const token = await manager.findOne(RefreshToken, {
        where: { id: parsed.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token || !secretMatches(token.secretHash, parsed.secret) || token.revokedAt)
        return { kind: 'invalid' };
      if (token.spentAt) {
        await this.revokeFamily(manager, token.familyId);
        return { kind: 'reused', userId: token.userId, familyId: token.familyId };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' };
      const user = await loadUser(manager, token.userId);
      if (!user) return { kind: 'invalid' };
      await manager.update(RefreshToken, { id: token.id }, { spentAt: new Date() });
      const tokens = await this.issueInFamily(manager, user, token.familyId);
      return { kind: 'rotated', user, tokens };
    });
  }

  /** Revokes the family of a token the viewer holds; false when it is not theirs or not valid. */
  async revokeOwnFamily(manager: EntityManager, presented: string, userId: string): Promise<string | null> {
    const parsed = parseSecretToken(presented);
    if (!parsed) return null;
    const token = await manager.findOne(RefreshToken, { where: { id: parsed.id, userId } });
    if (!token || !secretMatches(token.secretHash, parsed.secret)) return null;
    await this.revokeFamily(manager, token.familyId);
    return token.familyId;
  }

  /**
   * Ends every sign-in of a user but `keepFamilyId`'s: their refresh tokens are revoked; gives the
   * families, whose access tokens the caller refuses from now on (RevokedFamilies), after commit.
   */
  async endSignIns(manager: EntityManager, userId: string, keepFamilyId?: string): Promise<string[]> {
    const result = await manager
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .andWhere('family_id IS DISTINCT FROM CAST(:keep AS uuid)', { keep: keepFamilyId ?? null })
      .returning(['familyId'])
      .execute();
    const rows = result.raw as { family_id: string }[];
    return [...new Set(rows.map((row) => row.family_id))];
  }

  /** Families revoked since `since`, with when: their access tokens may still be unexpired. */
  async revokedSince(since: Date): Promise<{ familyId: string; revokedAt: Date }[]> {
    const rows: { family_id: string; revoked_at: Date }[] = await this.dataSource.query(
      `SELECT family_id, max(revoked_at) AS revoked_at FROM refresh_token
        WHERE revoked_at > $1 GROUP BY family_id`,
      [since],
    );
    return rows.map((row) => ({ familyId: row.family_id, revokedAt: row.revoked_at }));
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async issueInFamily(manager: EntityManager, user: User, familyId: string): Promise<IssuedTokens> {
    const secret = newTokenSecret();
    const saved = await manager.save(
      manager.create(RefreshToken, {
        userId: user.id,
        familyId,
        secretHash: hashTokenSecret(secret),
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
        spentAt: null,
        revokedAt: null,
      }),
    );
    const claims: AccessTokenClaims = {
      sub: user.id,
      roles: user.roles,
      org: user.organizationId,
      fam: familyId,
    };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      expiresIn: this.config.accessTokenTtlSeconds,
    });
    return {
      accessToken,
      refreshToken: formatSecretToken(saved.id, secret),
      expiresIn: this.config.accessTokenTtlSeconds,
    };
  }

  /** The one answer to every unusable refresh token (unknown, spent, revoked, expired). */
  static invalid(): DomainError {
    return new DomainError('UNAUTHENTICATED', 'The refresh token is invalid, expired or revoked');
  }
}
