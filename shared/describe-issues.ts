import type * as z from 'zod';

/** One line per problem, naming the field by its path: `sources[1].baseUrl: Invalid URL`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
        '',
      );
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('\n');
}
