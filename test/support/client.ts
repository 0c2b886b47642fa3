import { ADMIN } from './app.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** A GraphQL client as a browser or script would use it: POST /graphql with an optional bearer token. */
export class GqlClient {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
    operationName?: string,
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables, operationName }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  }

  /** The data of a request that must succeed. */
  async ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    }
    return result.data;
  }

  /** The error code of a request that must fail. */
  async errorCode(query: string, variables?: Record<string, unknown>): Promise<string | undefined> {
    const result = await this.request(query, variables);
    if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
    return result.errors[0]?.extensions?.code;
  }

  async login(email: string, password: string): Promise<LoginResult> {
    const data = await this.ok<{ login: LoginResult }>(LOGIN, { input: { email, password } });
    this.token = data.login.accessToken;
    return data.login;
  }

  withToken(token?: string): GqlClient {
    return new GqlClient(this.baseUrl, token);
  }
}

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; roles: string[] };
}

export const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { accessToken refreshToken expiresIn user { id email roles } }
}`;

export async function adminClient(baseUrl: string): Promise<GqlClient> {
  const client = new GqlClient(baseUrl);
  await client.login(ADMIN.email, ADMIN.password);
  return client;
}

let sequence = 0;

/** Creates an organization and a user holding `roles` through the API, and signs them in. */
export async function loginAs(
  admin: GqlClient,
  roles: string[],
  organization?: { id: string },
): Promise<{ client: GqlClient; userId: string; email: string; password: string }> {
  sequence += 1;
  const email = `user${sequence}-${Date.now()}@example.org`;
  const password = `password-${sequence}-long-enough`;
  const created = await admin.ok<{ createUser: { id: string } }>(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
    { input: { email, password, displayName: `User ${sequence}`, roles, organizationId: organization?.id } },
  );
  const client = new GqlClient(admin.baseUrl);
  await client.login(email, password);
  return { client, userId: created.createUser.id, email, password };
}
