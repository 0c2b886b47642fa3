import { escapeHtml } from '../mail/html.js';
import type { Mail } from '../mail/mail.service.js';

/** What a notification is about, as its e-mail names it (its recipients may all see it). */
export interface NotificationAbout {
  reference: string;
  title?: string | null;
}

/** What the recipient of a kind of notification is expected to do next. */
const NEXT_STEP: Readonly<Record<string, string>> = {
  REQUEST_SUBMITTED: 'Review the request: start the review, then open it or ask for changes.',
  REQUEST_STATUS_CHANGED:
    'Read the request’s history: if changes were asked for, edit the request and submit it again.',
  MATCH_PROPOSED:
    'Accept or decline the proposal (respondToMatch); until both parties answer, the pair stays reserved.',
  MATCH_AGREED: 'Agree the delivery with the other party; the provider starts the delivery when it begins.',
  MATCH_IN_DELIVERY: 'Keep the other party informed in the match’s comments; mark it delivered once it is.',
  MATCH_DELIVERED: 'Evaluate the assistance received or given (evaluateMatch): it feeds the good practices.',
  MATCH_DECLINED: 'Nothing is required: the request and the offer are free for other matches.',
  MATCH_CANCELLED: 'Nothing is required: the request and the offer are free for other matches.',
  MATCH_EXPIRED:
    'Nothing is required: the proposal went unanswered, and the request and the offer are free for other matches (a coordinator may propose the pair again).',
  MATCH_REMINDER:
    'Accept or decline the proposal (respondToMatch) before it expires; your answer frees or secures the pair.',
  REQUEST_REVIEW_REMINDER:
    'Review the request: start the review, then open it or ask for changes; the requesting State is waiting.',
  OFFER_CLOSED:
    'Nothing is required; to offer the assistance again, create a new offer with its new availability.',
  COMMENT_ADDED: 'Read the comment and answer it in the same thread.',
};

/** The e-mail of one notification, in plain text and HTML. */
export function notificationMail(
  recipient: { id: string; email: string; displayName: string },
  notification: { kind: string; message: string },
  about: NotificationAbout | undefined,
): Mail {
  const next = NEXT_STEP[notification.kind] ?? 'Open it in the service to see what changed.';
  const lines: [string, string][] = [];
  if (about) lines.push(['Reference', about.reference]);
  if (about?.title) lines.push(['Title', about.title]);
  const { text, html } = letter(
    recipient,
    'You receive this e-mail because of your notification settings; change them with updateMe(input: { notificationPreferences }).',
    [
      notification.message,
      '',
      ...lines.map(([label, value]) => `${label}: ${value}`),
      '',
      `What to do next: ${next}`,
    ],
    [
      `<p>${escapeHtml(notification.message)}</p>`,
      lines.length
        ? `<table>${lines.map(([label, value]) => `<tr><th align="left">${label}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`
        : '',
      `<p><strong>What to do next:</strong> ${escapeHtml(next)}</p>`,
    ],
  );
  return {
    userId: recipient.id,
    to: recipient.email,
    kind: notification.kind,
    subject: about ? `[${about.reference}] ${notification.message}` : notification.message,
    text,
    html,
  };
}

/** The daily digest of one user: each notification on a line, oldest first. */
export function digestMail(
  recipient: { id: string; email: string; displayName: string },
  notifications: readonly { message: string; createdAt: Date }[],
): Mail {
  const count = notifications.length === 1 ? '1 notification' : `${notifications.length} notifications`;
  const line = (n: { message: string; createdAt: Date }) =>
    `${n.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC  ${n.message}`;
  const { text, html } = letter(
    recipient,
    'These kinds of notification come in a daily digest by your notification settings; change them with updateMe(input: { notificationPreferences }).',
    [`Since your last digest: ${count}.`, '', ...notifications.map(line)],
    [
      `<p>Since your last digest: ${count}.</p>`,
      `<ul>${notifications.map((n) => `<li>${escapeHtml(line(n))}</li>`).join('')}</ul>`,
    ],
  );
  return {
    userId: recipient.id,
    to: recipient.email,
    kind: 'DIGEST',
    subject: `Your daily digest: ${count}`,
    text,
    html,
  };
}

/** A part of the coordinators' weekly digest: its heading, its lines, and what it says when empty. */
export interface DigestSection {
  heading: string;
  lines: readonly string[];
  empty: string;
}

/** The coordinators' weekly digest: what is new, what waits for an answer, what waits for a match. */
export function weeklyDigestMail(
  recipient: { id: string; email: string; displayName: string },
  week: string,
  sections: readonly DigestSection[],
): Mail {
  const { text, html } = letter(
    recipient,
    'Coordinators receive this digest every week; turn it off with updateMe(input: { notificationPreferences: { WEEKLY_DIGEST: OFF } }).',
    sections.flatMap((section) => [
      `${section.heading} (${section.lines.length})`,
      ...(section.lines.length ? section.lines.map((line) => `  - ${line}`) : [`  ${section.empty}`]),
      '',
    ]),
    sections.map(
      (section) =>
        `<h3>${escapeHtml(section.heading)} (${section.lines.length})</h3>` +
        (section.lines.length
          ? `<ul>${section.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`
          : `<p>${escapeHtml(section.empty)}</p>`),
    ),
  );
  return {
    userId: recipient.id,
    to: recipient.email,
    kind: 'WEEKLY_DIGEST',
    subject: `Your weekly digest: the week to ${week}`,
    text,
    html,
  };
}

/** A mail's two bodies: the greeting, what it says (as text lines and as HTML), and the footer. */
function letter(
  recipient: { displayName: string },
  footer: string,
  textLines: readonly string[],
  htmlParts: readonly string[],
): { text: string; html: string } {
  const text = [`Dear ${recipient.displayName},`, '', ...textLines, '', '-- ', footer, ''].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>Dear ${escapeHtml(recipient.displayName)},</p>`,
    ...htmlParts,
    `<hr><p><small>${escapeHtml(footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
