/** Injection token of the JWT signing key (a secret KeyObject). */
export const JWT_SECRET = Symbol('JWT_SECRET');
