/** A store location for messages: a URL's password is never shown. (No pg import here: anyone may load this.) */
export function redact(location: string): string {
  return location.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^@/]*@/i, '$1:***@')
}
