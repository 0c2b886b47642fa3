import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { projectRoot } from '../common/project-root.js';
import { examplesIn, explorerExamples } from './explorer-examples.js';

describe("the explorer's saved operations", () => {
  const schema = buildSchema(readFileSync(path.join(projectRoot(), 'schema.gql'), 'utf8'));

  it("are README's walk-through, one operation a tab, each valid against the schema served", () => {
    const tabs = explorerExamples();
    expect(tabs.length).toBeGreaterThan(8);
    expect(tabs[0]?.query).toMatch(/^# Sign in first/);
    expect(tabs[1]?.query).toMatch(
      /^# Step 1: The requester posts a need\.\nmutation \{\n {2}createRequest\(/,
    );
    for (const tab of tabs) {
      const document = parse(tab.query);
      expect(document.definitions).toHaveLength(1);
      expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    }
  });

  it('label each operation with the step or section it comes from', () => {
    const readme = [
      '## A walk-through: x',
      '',
      '1. The coordinator opens it. Then more.',
      '',
      '   ```graphql',
      '   query {',
      '     me {',
      '       id',
      '     }',
      '   }',
      '   mutation {',
      '     logout',
      '   }',
      '   ```',
      '',
      '## Matching',
      '',
      '```graphql',
      '{ me { email } }',
      '```',
      '## Running against your own PostgreSQL',
      '```graphql',
      '{ left { out } }',
      '```',
    ].join('\n');
    expect(examplesIn(readme)).toEqual([
      { query: '# Step 1: The coordinator opens it.\nquery {\n  me {\n    id\n  }\n}\n' },
      { query: '# Step 1: The coordinator opens it.\nmutation {\n  logout\n}\n' },
      { query: '# Matching\n{ me { email } }\n' },
    ]);
  });

  it('fall back to signing in alone without README', () => {
    expect(explorerExamples('/nonexistent/README.md')).toHaveLength(1);
  });
});
