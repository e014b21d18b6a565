// One Jest configuration for the whole repository. The course tooling passes the
// exact test files to run (a day's tests, one exercise, final/, a solved copy), so
// this file only says how TypeScript is transformed: @swc/jest strips types in
// milliseconds; type checking is a separate `tsc` step of the integrity check.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
      },
    ],
  },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/final/dist/'],
  watchPathIgnorePatterns: ['<rootDir>/\\.course/'],
};
