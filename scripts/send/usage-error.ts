/** Input the user can fix: printed as one line, without a stack trace (exit code 2). */
export class UsageError extends Error {}

/** The command was right but what it talks to refused or was missing: printed as one line (exit code 1). */
export class SendError extends Error {}
