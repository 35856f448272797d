// The peer of `tribu eval sentiment`: the npm lexicons a developer would pick,
// on the same labelled JSON Lines file. Prints the macro-F1 of each:
//   sentiment (AFINN-165): score > 0 positive, < 0 negative, else neutral;
//   vader-sentiment: compound >= 0.05 positive, <= -0.05 negative (its authors' rule).
// Usage: node sentiment_peer.mjs FILE.jsonl
import { readFileSync } from 'node:fs';
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';

const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const afinn = new Sentiment();
const labels = ['negative', 'neutral', 'positive'];

function macroF1(predict) {
  const f1s = labels.map((c) => {
    let tp = 0, fp = 0, fn = 0;
    for (const r of rows) {
      const p = predict(r.text);
      if (p === c && r.label === c) tp++;
      else if (p === c) fp++;
      else if (r.label === c) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  });
  return f1s.reduce((a, b) => a + b, 0) / f1s.length;
}

const afinnF1 = macroF1((t) => {
  const s = afinn.analyze(t).score;
  return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
});
const vaderF1 = macroF1((t) => {
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
  return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral';
});
console.log(`n=${rows.length} afinn_macro_f1=${afinnF1.toFixed(3)} vader_macro_f1=${vaderF1.toFixed(3)}`);
