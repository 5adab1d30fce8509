// Text that is not ours (what people typed, and the knowledge) shown back on one line, on any
// platform. Control characters would drive a terminal (clear the screen, recolour, forge an OSC 8
// hyperlink, move the cursor back over the sources), beep or show as boxes in a chat notification,
// and a line break could start a fake "Sources:" block; bidi overrides and isolates reorder what is
// shown (an RTL override makes "gnp.exe" read as "exe.png"). None of them belongs in an echo.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone UTF-16 surrogates (half an emoji, from a cut elsewhere) replaced by U+FFFD: platforms get valid text. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** One line safe to echo anywhere: controls and line breaks become a space, bidi controls go. */
export function safeLine(text: string): string {
  return wellFormed(text.replace(CONTROLS, ' ').replace(BIDI_CONTROLS, ''));
}
