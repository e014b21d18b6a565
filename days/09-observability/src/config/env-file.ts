/**
 * Loads a `.env` file (NAME=value lines) into process.env with Node's own parser,
 * process.loadEnvFile, when the file exists. A variable already set in the real environment
 * keeps its value: the file holds one developer's settings, the environment holds the
 * deployment's, and the deployment decides. Returns whether a file was read.
 */
export function loadEnvFileIfPresent(file: string): boolean {
  try {
    process.loadEnvFile(file);
    return true;
  } catch (error) {
    // No file is the normal case (a clone, CI, production); anything else is a real problem.
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return false;
    throw error;
  }
}
