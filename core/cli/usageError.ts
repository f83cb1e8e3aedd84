/** A command line the user got wrong: the commands print its message with their usage and exit 2. */
export class UsageError extends Error {}
