#!/usr/bin/env node
import { run } from './run';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
run(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`arctrigger: ${(error as Error).message}\n`);
    process.exitCode = 3;
  },
);
