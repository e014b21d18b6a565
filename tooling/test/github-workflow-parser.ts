// Validates GitHub Actions workflow files with GitHub's own parser, @actions/workflow-parser (the
// schema and checks behind the Actions language service). Run as a child process by
// github-workflows.test.ts: the package is ES modules only and imports its schema as JSON without
// an import attribute, which tsx can load and Jest cannot.
//   node --import tsx tooling/test/github-workflow-parser.ts <file.yml>...
// prints one JSON object: { "<file>": ["<error>", ...] } (an empty list: the file is valid).
import fs from 'node:fs';
import path from 'node:path';

export type WorkflowErrors = Record<string, string[]>;

export async function validateWorkflows(files: readonly string[]): Promise<WorkflowErrors> {
  const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import(
    '@actions/workflow-parser'
  );
  const results: WorkflowErrors = {};
  for (const file of files) {
    const name = path.basename(file);
    const parsed = parseWorkflow(
      { name, content: fs.readFileSync(file, 'utf8') },
      new NoOperationTraceWriter(),
    );
    // The conversion adds the checks that need the whole file (job ids, `needs`, matrix).
    if (parsed.value !== undefined) await convertWorkflowTemplate(parsed.context, parsed.value);
    results[file] = parsed.context.errors.getErrors().map((error) => error.message);
  }
  return results;
}

if (require.main === module) {
  validateWorkflows(process.argv.slice(2)).then(
    (results) => console.log(JSON.stringify(results)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
