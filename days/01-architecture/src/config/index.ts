// The config module is the only place that reads process.env. Everything else receives a
// typed, frozen Config, so a typo in a setting's name is a compile error, not a 3 a.m. incident.

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  /** 0 asks the OS for a free port (tests, parallel runs). */
  readonly port: number;
  readonly version: string;
}

/** Thrown when the environment cannot produce a valid Config; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env): Config {
  // TODO(exercise 1.1): validate instead of trusting the environment. PORT must be an
  // integer from 0 to 65535 and NODE_ENV one of NODE_ENVS; collect every problem and throw
  // one ConfigError listing them all, so a misconfigured deploy fails before it listens.
  const config: Config = {
    nodeEnv: (env.NODE_ENV ?? 'development') as NodeEnv,
    host: env.HOST || '127.0.0.1', // empty means unset: '' would listen on every interface
    port: Number(env.PORT ?? 3000),
    version: env.APP_VERSION ?? env.npm_package_version ?? '0.0.0-dev',
  };
  return Object.freeze(config);
}
