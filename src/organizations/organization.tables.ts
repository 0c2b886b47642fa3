import { read, rowShape } from '../database/rows.js';
import { Organization } from './organization.entity.js';
import { User } from './user.entity.js';

/** The `organization` table as the read layer sees it (migrations are its definition). */
export interface OrganizationTable {
  id: string;
  name: string;
  kind: string;
  member_state_code: string | null;
  iati_identifier: string | null;
  created_at: Date;
}

/** The `app_user` table as the read layer sees it. */
export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  organization_id: string | null;
  preferred_language: string | null;
  notification_preferences: Record<string, string>;
  deactivated_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The tables of the organizations domain, for `readLayer<OrganizationTables & …>`. */
export interface OrganizationTables {
  organization: OrganizationTable;
  app_user: UserTable;
}

/** An organization as read by the read layer (also within a listed request's or offer's row). */
export const ORGANIZATION_ROW = rowShape<Organization, OrganizationTable, 'memberState'>(Organization, {
  id: 'id',
  name: 'name',
  kind: 'kind',
  memberStateCode: 'member_state_code',
  iatiIdentifier: 'iati_identifier',
  createdAt: read<OrganizationTable>('created_at', 'epoch'),
});

/** A user as authors and actors are read: everything but the password hash. */
export const USER_ROW = rowShape<User, UserTable, 'passwordHash' | 'organization'>(User, {
  id: 'id',
  email: 'email',
  displayName: 'display_name',
  roles: read<UserTable>('roles', 'json'),
  organizationId: 'organization_id',
  preferredLanguage: 'preferred_language',
  notificationPreferences: 'notification_preferences',
  deactivatedAt: read<UserTable>('deactivated_at', 'epoch'),
  createdAt: read<UserTable>('created_at', 'epoch'),
  updatedAt: read<UserTable>('updated_at', 'epoch'),
});
