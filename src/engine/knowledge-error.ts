import path from 'node:path';

/** One problem in the knowledge, located so a curator can go straight to it. */
export interface KnowledgeIssue {
  /** The file's name inside the knowledge folder, e.g. `qa-amazon.yaml`. */
  file: string;
  /** 1-based; 0 when the problem is about a whole file that could not be read. */
  line: number;
  /** Dotted path of the field, e.g. `entries[3].alternates[2]`. */
  field: string;
  problem: string;
  fix: string;
  /** The knowledge folder `file` is in, when known; the printed path then starts from the current directory. */
  directory?: string;
}

/**
 * A path written so a terminal or editor opens it from the current directory: relative below it,
 * absolute outside it (a chain of `../` is as clickable but harder to read).
 */
export function pathFromHere(target: string): string {
  const full = path.resolve(target);
  const relative = path.relative(process.cwd(), full);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return relative === '' || outside ? full : relative;
}

export function formatIssue(issue: KnowledgeIssue): string {
  const file = issue.directory === undefined ? issue.file : pathFromHere(path.join(issue.directory, issue.file));
  const where = issue.line > 0 ? `${file}:${issue.line}` : file;
  const field = issue.field ? ` ${issue.field}:` : '';
  return `${where}:${field} ${issue.problem}. Fix: ${issue.fix}`;
}

/** Thrown when knowledge fails validation; the bot refuses to start (or keeps the last good). */
export class KnowledgeError extends Error {
  readonly issues: readonly KnowledgeIssue[];

  constructor(issues: readonly KnowledgeIssue[]) {
    const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    super(`Knowledge is invalid (${count}):\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`);
    this.name = 'KnowledgeError';
    this.issues = issues;
  }

  /** The same problems, told which folder their files are in. */
  inFolder(directory: string): KnowledgeError {
    // A problem with the folder itself (unreadable, empty) already names it as its file.
    return new KnowledgeError(this.issues.map((issue) => (issue.file === directory ? issue : { directory, ...issue })));
  }
}
