// Preloaded into the `gatehouse serve` child of the flow suites (NODE_OPTIONS=--import=…):
// refuses every outgoing TCP connection that does not go to the loopback interface, and logs
// it as `GATEHOUSE-EGRESS host:port`, so a suite can assert that nothing left the machine
// (e.g. that the breach check asked the local stand-in and not api.pwnedpasswords.com).
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const original = net.Socket.prototype.connect;

function target(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return target(first);
  if (first && typeof first === 'object') return { path: first.path, host: first.host, port: first.port };
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { host: typeof second === 'string' ? second : undefined, port: first };
}

net.Socket.prototype.connect = function connect(...args) {
  const t = target(args);
  if (!t.path && t.host !== undefined && !LOOPBACK.has(String(t.host).toLowerCase())) {
    process.stderr.write(`GATEHOUSE-EGRESS ${t.host}:${t.port}\n`);
    process.nextTick(() => this.destroy(new Error(`egress to ${t.host} refused by the test harness`)));
    return this;
  }
  return original.apply(this, args);
};
