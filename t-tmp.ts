import { htmlToMarkdown } from './src/render/markdown.js';
for (const h of ['<p>气温<strong>25℃</strong>以上，<b>℃</b>是单位；<em>约30℃</em>左右</p>', '<p>他说\n“你好”\n。然后\n……\n了\n——结束</p>', '<p>他说\n“你好”，\n然后……\n了——\n结束</p>'])
  console.log(JSON.stringify(htmlToMarkdown(h, { unlink: [] })));
