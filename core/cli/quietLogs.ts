/**
 * Imported first by CLI commands that print their own report: service logs (JSON lines on stdout) would drown
 * it, so only errors are logged unless CHARGEBENCH_LOG_LEVEL says otherwise.
 */
process.env.CHARGEBENCH_LOG_LEVEL ??= 'error';
export {};
