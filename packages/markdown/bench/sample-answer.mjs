/**
 * A long chat answer of the kind the benchmark streams: prose with inline markup, lists,
 * fenced code and tables, repeated with numbered sections until it is `size` characters long.
 */
export function sampleAnswer(size) {
  const section = (index) =>
    [
      `## Section ${index}: what the gate does`,
      `The sluice gate holds **back** text that arrives faster than the screen can show it, and lets it through *once per frame*. See [the design](https://example.com/design#${index}) or www.example.org for more; \`flushIntervalMs\` sets the pace.`,
      `- a list item with ~~old~~ new wording\n- another item, with [a link](/docs/${index})\n  - a nested item\n- [x] a finished task\n- [ ] an open one`,
      '```ts\n' + `const stream${index} = createTokenStream({ url: '/api/chat' });\nfor await (const token of stream${index}) {\n  console.log(token);\n}\n` + '```',
      `| metric | value | unit |\n| :-- | --: | :-: |\n| frames | ${index * 3} | count |\n| bytes | ${index * 512} | B |\n| delay | ${index % 17} | ms |`,
      `> A quoted remark ${index}, with a line that wraps across\n> two lines of the quote.`,
      `1. first step\n2. second step with \`code\`\n3. third step`,
    ].join('\n\n');
  let text = '';
  for (let index = 1; text.length < size; index += 1) text += `${section(index)}\n\n`;
  return text.slice(0, size);
}
