'use strict';
// Reference proxy for bench/stream-bench.sh (loopback only): the least a reverse proxy does, in Node.js. It
// forwards each request to the mock over a keep-alive agent and pipes the response back, with no inspection, so
// the TTFT phase can show what one extra hop costs on the same machine at the same time.
const http = require('http');

const PORT = Number(process.env.PROXY_PORT || 18092);
const UPSTREAM = Number(process.env.MOCK_PORT || 18091);
const agent = new http.Agent({ keepAlive: true });
http.createServer((req, res) => {
  const up = http.request({ host: '127.0.0.1', port: UPSTREAM, path: req.url, method: req.method, headers: req.headers,
    agent }, (ur) => {
    res.writeHead(ur.statusCode, ur.headers);
    ur.pipe(res);
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
}).listen(PORT, '127.0.0.1', () => console.error(`stream-proxy listening on 127.0.0.1:${PORT}`));
process.on('SIGTERM', () => process.exit(0));
