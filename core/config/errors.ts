/** A configuration problem the user can fix (bad env var, bad settings file): carries what to do about it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
