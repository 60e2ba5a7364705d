/**
 * Text folded for search: lower case, without Vietnamese diacritics ("Nghị quyết" → "nghi quyet",
 * "Đảng bộ" → "dang bo"). đ is a letter of its own, not a d with a mark, so it is mapped apart.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/đ/g, 'd');
}

/** A LIKE pattern matching `text` as a substring, with `!` escaping the wildcards. */
export function likeSubstring(text: string): string {
  return `%${foldForSearch(text).replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
