/** One problem in the knowledge, located so a curator can go straight to it. */
export interface KnowledgeIssue {
  file: string;
  /** 1-based; 0 when the problem is about a whole file that could not be read. */
  line: number;
  /** Dotted path of the field, e.g. `entries[3].alternates[2]`. */
  field: string;
  problem: string;
  fix: string;
}

export function formatIssue(issue: KnowledgeIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
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
}
