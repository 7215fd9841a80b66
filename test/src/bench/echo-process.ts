/**
 * A TCP echo server as a process of its own, forked by the wake-up baseline: it answers every byte
 * it reads at once (no Nagle). Reports its port over IPC; exits when its parent disconnects.
 */
import { createServer } from 'node:net';

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('data', (data) => socket.write(data));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('disconnect', () => process.exit(0));
