/**
 * A URL with its password replaced by ***, for logs, error messages and the UI (amqp://user:secret@host →
 * amqp://user:***@host). Node-free: the renderer uses it too. Text that does not parse as a URL is redacted by
 * pattern (anything between "user:" and "@").
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/^(\w+:\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}
