/** Injection token of the JWT signing key. */
export const JWT_SECRET = Symbol('JWT_SECRET');
