/**
 * Under load: many connections reading whole pages and adding comments at once, for a few seconds.
 * Every answer must be a success, every acknowledged comment must be stored exactly once, and the
 * audit chain must still verify.
 */
import autocannon from 'autocannon';
import { startTestApp, type TestApp } from './support/app.js';
import { adminClient } from './support/client.js';
import { cast, type Cast, CREATE_REQUEST, requestInput, TRANSITION_REQUEST } from './support/fixtures.js';

const LIST = `{ requests(first: 20) { totalCount nodes { id title status allowedActions
  requestingOrganization { name } history { action actor { id } } comments { body author { id } } } } }`;
const COMMENT = `mutation($id: ID!) { addComment(subjectId: $id, body: "Under load") { id } }`;

describe('under load (e2e)', () => {
  let t: TestApp;
  let c: Cast;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    c = await cast(await adminClient(t.url));
    for (let i = 0; i < 20; i += 1) {
      const { createRequest } = await c.requester.client.ok<{ createRequest: { id: string } }>(
        CREATE_REQUEST,
        {
          input: requestInput({ title: `Load request ${i}`, confidentiality: 'PUBLIC' }),
        },
      );
      await c.requester.client.ok(TRANSITION_REQUEST, { id: createRequest.id, action: 'SUBMIT' });
      ids.push(createRequest.id);
    }
  });
  afterAll(() => t.close());

  it('answers every read and write of a mixed load, and stores each acknowledged comment once', async () => {
    let next = 0;
    const failures: string[] = [];
    let acknowledged = 0;
    const check = (kind: string) => (status: number, body: string) => {
      const parsed = JSON.parse(body) as { errors?: unknown; data?: unknown };
      if (status !== 200 || parsed.errors || !parsed.data)
        failures.push(`${kind} ${status} ${body.slice(0, 200)}`);
      else if (kind === 'comment') acknowledged += 1;
    };
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${c.coordinator.client.token}`,
    };
    const result = await autocannon({
      url: `${t.url}/graphql`,
      connections: 10,
      duration: 4,
      requests: [
        { method: 'POST', headers, body: JSON.stringify({ query: LIST }), onResponse: check('list') },
        {
          method: 'POST',
          headers,
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ query: COMMENT, variables: { id: ids[next++ % ids.length] } }),
          }),
          onResponse: check('comment'),
        },
      ],
    });
    console.log(
      `under load: ${result.requests.total} requests in 4 s at 10 connections, p99 ${result.latency.p99} ms, ` +
        `${acknowledged} comments acknowledged, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
    expect(result.errors + result.timeouts + result.non2xx).toBe(0);
    expect(acknowledged).toBeGreaterThan(20);
    // Let requests still in flight at the deadline finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await c.coordinator.client.ok<{ requests: { nodes: { comments: unknown[] }[] } }>(
      `{ requests(first: 100) { nodes { comments { id } } } }`,
    );
    const comments = stored.requests.nodes.reduce((sum, node) => sum + node.comments.length, 0);
    // Requests abandoned at the deadline may have been stored without being counted, never the reverse.
    expect(comments).toBeGreaterThanOrEqual(acknowledged);
    expect(comments).toBeLessThanOrEqual(acknowledged + 10);
    const audit = await (
      await adminClient(t.url)
    ).ok<{ verifyAuditLog: { valid: boolean } }>('{ verifyAuditLog { valid } }');
    expect(audit.verifyAuditLog.valid).toBe(true);
  });
});
