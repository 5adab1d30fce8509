import { escapeMarkdown } from 'discord.js';
import { markdownText } from '/work/main/src/adapters/discord/render-text.js';
for (const s of ['a'.repeat(10000), 'what did amazon invest? '.repeat(417), '🔥'.repeat(5000), '<!channel> '.repeat(1000), 'a'.repeat(2000), 'a'.repeat(4000)]) {
  let t = performance.now(); escapeMarkdown(s); const a = performance.now() - t;
  t = performance.now(); escapeMarkdown(s, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }); const b = performance.now() - t;
  t = performance.now(); markdownText(s); const c = performance.now() - t;
  console.log(s.length, a.toFixed(1), b.toFixed(1), c.toFixed(1));
}
for (const opt of ['codeBlock','inlineCode','bold','italic','underline','strikethrough','spoiler','codeBlockContent','inlineCodeContent','escape','heading','bulletedList','numberedList','maskedLink']) {
  const s = 'what did amazon invest? '.repeat(417);
  const o: any = { codeBlock:false,inlineCode:false,bold:false,italic:false,underline:false,strikethrough:false,spoiler:false,codeBlockContent:false,inlineCodeContent:false,escape:false,heading:false,bulletedList:false,numberedList:false,maskedLink:false };
  o[opt] = true;
  const t = performance.now(); escapeMarkdown(s, o); console.log(opt, (performance.now() - t).toFixed(1));
}
