// A moderation pipeline calls jinshou once per listing, synchronously, and acts on the verdict.
// Run after `npm run build`:  node examples/moderation.mjs
import { createEngine } from '../dist/index.js';

// Compile the built-in packs once at start-up; the engine is frozen and safe to share.
const engine = createEngine();

/** What the platform does with one listing. */
function moderate(listing) {
  const result = engine.scan(listing);
  if (result.verdict === 'block') return { action: 'take-down', result };
  if (result.verdict === 'review') return { action: 'queue-for-review', result };
  return { action: 'publish', result };
}

const listing = {
  id: 'sku-20261128-1',
  title: '野生穿 山 甲片 老库存 炮制',
  description: '需要的私聊，亳州发货。',
  price: 880,
  category: '传统滋补/中药材',
};
const { action, result } = moderate(listing);
console.log(action);
for (const f of result.findings) {
  console.log(`${f.ruleId} ${f.score} ${f.message}`);
  for (const e of f.evidence) {
    // Evidence offsets point into the original text, so the exact characters can be highlighted.
    console.log(`  ${e.field}[${e.start}, ${e.end}) = ${JSON.stringify(e.text)} via ${e.via}`);
  }
}
