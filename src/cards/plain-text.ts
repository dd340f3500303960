/**
 * Text typed by people (titles, agendas, venues, speakers, names, dietary needs) shown in a TextBlock
 * or a FactSet, which Teams reads as Markdown: "[x](https://evil)" would become a link that hides its
 * address, "**" bold, "- " a list. Every Markdown sign is escaped with a backslash, as CommonMark
 * allows for any ASCII punctuation, so the text shows as typed. Signs that only mean something at the
 * start of a line (headings, lists, quotes) are escaped only there, to keep the escapes few.
 * Teams does not render HTML in cards, but "<" and ">" are escaped too so that "<b>" reads as typed
 * on any renderer that would.
 *
 * Not for input values, placeholders or choice titles: those are not Markdown, and a backslash there
 * would show.
 */
export function plainText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~|]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}
