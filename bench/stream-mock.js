'use strict';
// Mock OpenAI streaming upstream for bench/stream-bench.sh (loopback only).
// POST /v1/chat/completions answers with an SSE stream of OpenAI chat chunks: one role chunk, CHUNKS content
// chunks, one finish chunk, then "data: [DONE]". The first content chunk carries FIRST characters of clean text
// (more than the gateway's hold-back window, so the gateway can release text at once); the others carry one
// clean token of 1 to 6 characters each, GAP ms apart. Per request overrides: x-bench-chunks, x-bench-gap-ms,
// x-bench-first. The response header x-bench-expect-chars gives the total content length (UTF-16 units), so
// the client can check that no text was lost.
const http = require('http');
const { TOKENS, FILLER } = require('./stream-tokens.js');

const PORT = Number(process.env.MOCK_PORT || 18091);
const DEF_CHUNKS = Number(process.env.CHUNKS || 500);
const DEF_GAP = Number(process.env.GAP_MS || 3);
const DEF_FIRST = Number(process.env.FIRST_CHARS || 2000);

function chunk(delta, finish) {
  return 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1735689600,'
    + '"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":'
    + JSON.stringify(delta) + ',"logprobs":null,"finish_reason":' + (finish ? '"stop"' : 'null') + '}]}\n\n';
}

function firstText(n) {
  let s = '';
  while (s.length < n) s += FILLER;
  return s.slice(0, n);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || !req.url.startsWith('/v1/chat/completions')) {
    res.writeHead(404).end();
    return;
  }
  req.resume();
  req.on('end', () => {
    const chunks = Number(req.headers['x-bench-chunks'] || DEF_CHUNKS);
    const gap = Number(req.headers['x-bench-gap-ms'] || DEF_GAP);
    const first = Number(req.headers['x-bench-first'] || DEF_FIRST);
    const texts = [firstText(first)];
    for (let i = 1; i < chunks; i++) texts.push(TOKENS[(i * 7) % TOKENS.length]);
    const total = texts.reduce((a, t) => a + t.length, 0);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-bench-expect-chars': String(total),
    });
    res.write(chunk({ role: 'assistant', content: '' }, false));
    let i = 0;
    let timer = null;
    const step = () => {
      if (res.destroyed) return;
      res.write(chunk({ content: texts[i] }, false));
      i++;
      if (i < chunks) {
        timer = setTimeout(step, gap);
      } else {
        res.write(chunk({}, true));
        res.end('data: [DONE]\n\n');
      }
    };
    res.on('close', () => { if (timer) clearTimeout(timer); });
    step();
  });
});
server.keepAliveTimeout = 75000;
server.headersTimeout = 80000;
server.maxConnections = 100000;
server.listen(PORT, '127.0.0.1', () => console.error(`stream-mock listening on 127.0.0.1:${PORT}`));
process.on('SIGTERM', () => process.exit(0));
