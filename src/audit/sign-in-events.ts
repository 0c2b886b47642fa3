/**
 * The audit actions of signing in and out. They carry e-mail addresses (as the entity id of an
 * unknown account) and IP addresses, so the access policy keeps them to ADMINs.
 */
export const SignInAction = {
  LOGIN_SUCCEEDED: 'LOGIN_SUCCEEDED',
  LOGIN_FAILED: 'LOGIN_FAILED',
  LOGIN_THROTTLED: 'LOGIN_THROTTLED',
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
  LOGOUT: 'LOGOUT',
} as const;

export const SIGN_IN_ACTIONS: string[] = Object.values(SignInAction);

/** Entity type of events about an account name, whether or not such an account exists. */
export const ACCOUNT_ENTITY = 'Account';

/** The audit actions of managing an account (by user id; read like the user's other events). */
export const AccountAction = {
  PASSWORD_CHANGED: 'PASSWORD_CHANGED',
  PASSWORD_RESET: 'PASSWORD_RESET',
  USER_DEACTIVATED: 'USER_DEACTIVATED',
  USER_REACTIVATED: 'USER_REACTIVATED',
} as const;
