// Copies a child's output line by line to ours, each line prefixed with the process's name.
const COLORS = [36, 33, 35, 32, 34, 31, 96, 93];

export function prefixLines(name, index, stream, onLine) {
  let buffer = '';
  const tag = process.stdout.isTTY ? `\x1b[${COLORS[index % COLORS.length]}m${name.padEnd(17)}\x1b[0m│ ` : `${name.padEnd(17)}│ `;
  stream.on('data', (chunk) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      process.stdout.write(tag + line + '\n');
      onLine?.(line);
    }
  });
}
