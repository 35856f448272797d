// The peer of bench/listen_bench: the listening pipeline a developer could
// assemble from npm instead of tribu. For each post: JSON.parse, franc for the
// language, sentiment (AFINN-165) for the sentiment, a Unicode-aware tokenizer
// (NFD, marks removed, lower case), and a straightforward evaluation of every
// topic's query tree (handed over already parsed by tribu, so parsing is not
// measured). Usage: node listen_peer.mjs posts.jsonl topics.json
// Last line: peer_posts_per_s=N
import { readFileSync } from 'node:fs';
import { franc } from 'franc';
import Sentiment from 'sentiment';

const [postsPath, topicsPath] = process.argv.slice(2);
const lines = readFileSync(postsPath, 'utf8').split('\n').filter(Boolean);
const topics = JSON.parse(readFileSync(topicsPath, 'utf8'));
const sentiment = new Sentiment();
const iso = { fra: 'fr', eng: 'en' };

function tokenize(text) {
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.match(/[#@]?[\p{L}\p{N}_']+/gu) ?? [];
}

function positions(words, w) {
  const out = [];
  for (let i = 0; i < words.length; i++) {
    const t = words[i];
    const bare = t[0] === '#' || t[0] === '@' ? t.slice(1) : t;
    const hit = w.prefix ? t.startsWith(w.text) || bare.startsWith(w.text) : t === w.text || bare === w.text;
    if (hit) out.push(i);
  }
  return out;
}

function spans(node, post) {
  switch (node.op) {
    case 'term':
      return positions(post.words, node.words[0]).map((p) => [p, p]);
    case 'phrase': {
      const first = positions(post.words, node.words[0]);
      return first
        .filter((p) => node.words.every((w, k) => positions(post.words, w).includes(p + k)))
        .map((p) => [p, p + node.words.length - 1]);
    }
    case 'or':
      return node.children.flatMap((c) => spans(c, post));
    case 'near': {
      const a = spans(node.children[0], post);
      const b = spans(node.children[1], post);
      const out = [];
      for (const x of a) {
        for (const y of b) {
          const gap = x[1] < y[0] ? y[0] - x[1] - 1 : y[1] < x[0] ? x[0] - y[1] - 1 : 0;
          if (gap <= node.distance) out.push([Math.min(x[0], y[0]), Math.max(x[1], y[1])]);
        }
      }
      return out;
    }
    default:
      return [];
  }
}

function evaluate(node, post) {
  switch (node.op) {
    case 'and': return node.children.every((c) => evaluate(c, post));
    case 'or': return node.children.some((c) => evaluate(c, post));
    case 'not': return !evaluate(node.children[0], post);
    case 'field': {
      const v = { lang: post.lang, platform: post.platform, author: post.author, sentiment: post.sentiment }[node.field];
      return (v ?? '').toLowerCase().replace(/^@/, '') === node.value;
    }
    default: return spans(node, post).length > 0;
  }
}

let matches = 0;
const start = process.hrtime.bigint();
for (const line of lines) {
  const p = JSON.parse(line);
  const score = sentiment.analyze(p.text).score;
  const post = {
    words: tokenize(p.text),
    lang: iso[franc(p.text, { minLength: 10 })] ?? 'und',
    platform: p.platform,
    author: p.author,
    sentiment: score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral',
  };
  for (const t of topics) if (evaluate(t, post)) matches++;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`peer: ${lines.length} posts x ${topics.length} topics in ${seconds.toFixed(2)} s, ${matches} matches`);
console.log(`peer_posts_per_s=${(lines.length / seconds).toFixed(0)}`);
