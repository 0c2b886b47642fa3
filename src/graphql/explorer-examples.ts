import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { projectRoot } from '../common/project-root.js';

/** A saved operation of the explorer: one tab, its document led by a comment that says what it does. */
export interface ExampleTab {
  query: string;
  variables?: string;
}

/** The sections of README.md whose GraphQL documents are the explorer's examples, first to last. */
const FIRST_SECTION = '## A walk-through';
const AFTER_LAST_SECTION = '## Running against your own PostgreSQL';

const SIGN_IN: ExampleTab = {
  query: `# Sign in first: run this, then put the accessToken it returns in the Headers tab below as
#   { "Authorization": "Bearer <accessToken>" }
# (the demonstration data, npm run seed:demo, has these users; every one has this password).
# The operations in the next tabs are README's walk-through, each labelled with who sends it.
mutation SignIn {
  login(input: { email: "requester@demo.example", password: "demo-password-2341" }) {
    accessToken
    refreshToken
    expiresIn
    user {
      id
      email
      roles
    }
  }
}
`,
};

/**
 * The explorer's saved operations: signing in, then every operation of README's walk-through and of
 * the sections that follow it, one per tab, in order, under the step (or section) it belongs to.
 * README is read where the service runs; without it, the sign-in tab alone.
 */
export function explorerExamples(readme = path.join(projectRoot(), 'README.md')): ExampleTab[] {
  let text: string;
  try {
    text = readFileSync(readme, 'utf8');
  } catch {
    return [SIGN_IN];
  }
  return [SIGN_IN, ...examplesIn(text)];
}

/** The operations of the ```graphql blocks of README's walk-through sections, each with its step. */
export function examplesIn(readme: string): ExampleTab[] {
  const start = readme.indexOf(FIRST_SECTION);
  const end = readme.indexOf(AFTER_LAST_SECTION);
  if (start < 0) return [];
  const lines = readme.slice(start, end < 0 ? undefined : end).split('\n');
  const tabs: ExampleTab[] = [];
  let step = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const heading = /^##+ (.+)$/.exec(line);
    const numbered = /^(\d+)\. (.+)$/.exec(line);
    if (heading) step = heading[1] ?? '';
    else if (numbered) step = `Step ${numbered[1]}: ${firstSentence(numbered[2] ?? '', lines, i)}`;
    if (line.trim() !== '```graphql') continue;
    const indent = line.indexOf('`');
    const block: string[] = [];
    for (i += 1; i < lines.length && (lines[i] ?? '').trim() !== '```'; i += 1) {
      block.push((lines[i] ?? '').slice(indent));
    }
    const source = block.join('\n');
    for (const definition of parse(source).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.loc) continue;
      const operation = source.slice(definition.loc.start, definition.loc.end);
      tabs.push({ query: `# ${step}\n${operation}\n` });
    }
  }
  return tabs;
}

/** The first sentence of a list item that may wrap over the next lines. */
function firstSentence(first: string, lines: readonly string[], at: number): string {
  let text = first;
  for (let i = at + 1; i < lines.length && /^ {3}\S/.test(lines[i] ?? ''); i += 1)
    text += ` ${lines[i]?.trim()}`;
  const end = text.search(/\.(\s|$)/);
  return (end < 0 ? text : text.slice(0, end + 1)).replace(/`/g, '');
}
