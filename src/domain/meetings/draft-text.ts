/**
 * Free text from a card or a command, made safe to store and to show: control characters (including the
 * bidirectional overrides that can make a title read backwards) become spaces, so nothing typed can end
 * a line of a calendar file or a card's markdown where it should not.
 */
const CONTROLS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F]/gu;

/** One line: every run of spaces and control characters becomes one space; trimmed. */
export function oneLine(text: string): string {
  return text.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/** Several lines (an agenda): line breaks kept (at most one blank line in a row), each line as oneLine. */
export function paragraphs(text: string): string {
  return text
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map(oneLine)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
