'use strict';
// Streaming client for bench/stream-bench.sh (loopback only). Prints one JSON line of results on stdout.
//   node stream-client.js ttft <directUrl> <gatewayUrl> <samples> <gapMs> <chunks> [<referenceProxyUrl>]
//     single streams, one at a time, alternating direct, gateway (and the reference proxy): time to first token
//     (first SSE event whose delta.content is not empty), measured from just before the request is sent. "added"
//     is gateway - direct per sample; "ref_added" is reference proxy - direct.
//   node stream-client.js load <url> <streams> <gapMs> <chunks> <timeoutS>
//     opens <streams> streams at once and checks each: HTTP 200, [DONE] seen, content length equal to the
//     mock's x-bench-expect-chars, no error event. Reports the most streams open at the same time.
const http = require('http');

const KEY = process.env.BENCH_KEY || 'kx-bench-key';
const BODY = JSON.stringify({
  model: 'gpt-4o-mini', stream: true,
  messages: [
    { role: 'system', content: '你是一位客服助手。Answer briefly.' },
    { role: 'user', content: '我的包裹为什么还在浦东仓库？When will the rest of my order ship?' },
  ],
});
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 4096 });
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

let open = 0;
let maxOpen = 0;

function stream(url, gap, chunks) {
  return new Promise((resolve) => {
    const r = { ok: false, status: 0, events: 0, chars: 0, expect: -1, done: false, ttft: NaN, ttfb: NaN, head: NaN,
      total: NaN, error: null };
    const t0 = now();
    let counted = false;
    const finish = (err) => {
      if (counted) { open--; counted = false; }
      if (r.total === r.total) return; // already finished
      r.total = now() - t0;
      if (err && !r.error) r.error = String(err.message || err);
      r.ok = !r.error && r.status === 200 && r.done && r.chars === r.expect;
      if (!r.ok && !r.error) r.error = `status=${r.status} done=${r.done} chars=${r.chars}/${r.expect}`;
      resolve(r);
    };
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`,
        'content-length': Buffer.byteLength(BODY), 'x-bench-gap-ms': String(gap), 'x-bench-chunks': String(chunks) },
    }, (res) => {
      r.head = now() - t0;
      r.status = res.statusCode;
      r.expect = Number(res.headers['x-bench-expect-chars'] || -1);
      open++; counted = true; if (open > maxOpen) maxOpen = open;
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (s) => {
        if (r.ttfb !== r.ttfb) r.ttfb = now() - t0;
        buf += s;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const ev = buf.slice(0, i);
          buf = buf.slice(i + 2);
          r.events++;
          let data = '';
          for (const line of ev.split('\n')) if (line.startsWith('data:')) data += line.slice(line[5] === ' ' ? 6 : 5);
          if (data === '[DONE]') { r.done = true; continue; }
          if (!data) continue;
          let j;
          try { j = JSON.parse(data); } catch (e) { r.error = 'bad JSON event'; continue; }
          if (j.error) { r.error = 'error event: ' + JSON.stringify(j.error).slice(0, 200); continue; }
          const c = j.choices && j.choices[0] && j.choices[0].delta && j.choices[0].delta.content;
          if (c) {
            if (r.ttft !== r.ttft) r.ttft = now() - t0;
            r.chars += c.length;
          }
        }
      });
      res.on('end', () => finish());
      res.on('error', finish);
      res.on('aborted', () => finish(new Error('aborted')));
    });
    req.on('error', finish);
    req.end(BODY);
  });
}

function pct(a, p) {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)];
}
const r3 = (x) => Math.round(x * 1000) / 1000;

async function ttft(direct, gateway, samples, gap, chunks, ref) {
  const targets = [['d', direct], ['g', gateway]];
  if (ref) targets.push(['r', ref]);
  const d = [], g = [], diff = [], bdiff = [], hdiff = [], rdiff = [], rbdiff = [], rhdiff = [];
  let errors = 0;
  for (let i = 0; i < samples; i++) {
    // rotate the order, so no target always runs right after another one
    const order = targets.map((_, j) => targets[(i + j) % targets.length]);
    const got = {};
    for (const [k, u] of order) {
      const r = await stream(u, gap, chunks);
      if (!r.ok) { errors++; if (errors <= 3) console.error(`${k}: ${r.error}`); continue; }
      got[k] = r.ttft;
      got[k + 'b'] = r.ttfb;
      got[k + 'h'] = r.head;
    }
    if (got.d !== undefined) d.push(got.d);
    if (got.g !== undefined) g.push(got.g);
    if (got.d !== undefined && got.g !== undefined) {
      diff.push(got.g - got.d); bdiff.push(got.gb - got.db); hdiff.push(got.gh - got.dh);
    }
    if (got.d !== undefined && got.r !== undefined) {
      rdiff.push(got.r - got.d); rbdiff.push(got.rb - got.db); rhdiff.push(got.rh - got.dh);
    }
  }
  const out = { mode: 'ttft', samples, errors, direct_p50_ms: r3(pct(d, 50)), direct_p99_ms: r3(pct(d, 99)),
    gateway_p50_ms: r3(pct(g, 50)), gateway_p99_ms: r3(pct(g, 99)),
    added_p50_ms: r3(pct(diff, 50)), added_p99_ms: r3(pct(diff, 99)),
    added_first_byte_p50_ms: r3(pct(bdiff, 50)), added_first_byte_p99_ms: r3(pct(bdiff, 99)),
    added_head_p50_ms: r3(pct(hdiff, 50)), added_head_p99_ms: r3(pct(hdiff, 99)) };
  if (ref) {
    Object.assign(out, { ref_added_p50_ms: r3(pct(rdiff, 50)), ref_added_p99_ms: r3(pct(rdiff, 99)),
      ref_added_first_byte_p50_ms: r3(pct(rbdiff, 50)), ref_added_head_p50_ms: r3(pct(rhdiff, 50)),
      ref_added_head_p99_ms: r3(pct(rhdiff, 99)) });
  }
  return out;
}

async function load(url, n, gap, chunks, timeoutS) {
  const timer = setTimeout(() => { console.error('load: timeout'); process.exit(3); }, timeoutS * 1000);
  const t0 = now();
  const rs = await Promise.all(Array.from({ length: n }, () => stream(url, gap, chunks)));
  clearTimeout(timer);
  const bad = rs.filter((r) => !r.ok);
  const errs = {};
  for (const r of bad) errs[r.error] = (errs[r.error] || 0) + 1;
  const events = rs.reduce((a, r) => a + r.events, 0);
  const ttfts = rs.filter((r) => r.ok).map((r) => r.ttft);
  const totals = rs.filter((r) => r.ok).map((r) => r.total);
  return { mode: 'load', streams: n, ok: n - bad.length, failed: bad.length, errors: errs, max_open: maxOpen,
    events_received: events, events_min: Math.min(...rs.map((r) => r.events)),
    events_max: Math.max(...rs.map((r) => r.events)), wall_s: r3((now() - t0) / 1000),
    ttft_p50_ms: r3(pct(ttfts, 50)), ttft_p99_ms: r3(pct(ttfts, 99)),
    duration_p50_s: r3(pct(totals, 50) / 1000), duration_max_s: r3(Math.max(...totals) / 1000) };
}

(async () => {
  const [mode, ...a] = process.argv.slice(2);
  let out;
  if (mode === 'ttft') out = await ttft(a[0], a[1], Number(a[2]), Number(a[3]), Number(a[4]), a[5]);
  else if (mode === 'load') out = await load(a[0], Number(a[1]), Number(a[2]), Number(a[3]), Number(a[4]));
  else { console.error('usage: see the header of stream-client.js'); process.exit(2); }
  console.log(JSON.stringify(out));
  agent.destroy();
})();
