import { AuditEventRecord } from './audit/audit-event.entity.js';
import { AuditPendingRecord } from './audit/audit-pending.entity.js';
import { LoginFailure } from './auth/login-attempt.entity.js';
import { RefreshToken } from './auth/refresh-token.entity.js';
import { Organization } from './organizations/organization.entity.js';
import { User } from './organizations/user.entity.js';
import { MemberState } from './reference/member-state.entity.js';
import { AssistanceRequest } from './requests/assistance-request.entity.js';
import { AssistanceOffer } from './offers/assistance-offer.entity.js';
import { StatusChange } from './workflow/status-change.entity.js';
import { Comment } from './comments/comment.entity.js';
import { Notification } from './notifications/notification.entity.js';
import { Match } from './matching/match.entity.js';
import { CtcReportRecord } from './reporting/ctc-report.entity.js';
import { MailMessage } from './mail/mail-message.entity.js';
import { Invitation } from './auth/invitation.entity.js';
import { PasswordReset } from './auth/password-reset.entity.js';
import { Reminder } from './workflow/reminder.entity.js';

/**
 * The entity registry: every entity, listed explicitly (no globs: the same list works from src/ under
 * jest and from dist/). It lives at the composition root, the one place that knows every domain, so that
 * src/database/ knows none.
 */
export const ENTITIES = [
  MemberState,
  Organization,
  User,
  RefreshToken,
  LoginFailure,
  AuditEventRecord,
  AuditPendingRecord,
  AssistanceRequest,
  AssistanceOffer,
  StatusChange,
  Comment,
  Notification,
  Match,
  CtcReportRecord,
  MailMessage,
  Invitation,
  PasswordReset,
  Reminder,
];
