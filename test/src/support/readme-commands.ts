import { readFileSync } from 'node:fs';

/** One command of the README, and the terminal it is typed in. */
export interface ReadmeCommand {
  terminal: number;
  command: string;
}

/**
 * The commands of a README section, in order: every ```bash block preceded by a
 * `<!-- readme-path: terminal N -->` marker, one command per line (comments after `#` dropped).
 * What a test runs is what the README says — it cannot drift.
 */
export function readmeCommands(readmePath: string, section: string): ReadmeCommand[] {
  const lines = sectionLines(readmePath, section);
  const out: ReadmeCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /<!--\s*readme-path:\s*terminal\s+(\d+)\s*-->/.exec(lines[i]!);
    if (!marker) continue;
    const fence = lines.findIndex((l, j) => j > i && /^\s*```bash\s*$/.test(l));
    if (fence < 0) throw new Error(`README ${section}: marker on line ${i + 1} is not followed by a bash block`);
    const close = lines.findIndex((l, j) => j > fence && /^\s*```\s*$/.test(l));
    for (const line of lines.slice(fence + 1, close)) {
      const command = stripComment(line).trim();
      if (command) out.push({ terminal: Number(marker[1]), command });
    }
    i = close;
  }
  return out;
}

/** The commands of the first ```bash block of a section (the quick start's two commands). */
export function firstBlockCommands(readmePath: string, section: string): string[] {
  const lines = sectionLines(readmePath, section);
  const fence = lines.findIndex((l) => /^\s*```bash\s*$/.test(l));
  const close = lines.findIndex((l, j) => j > fence && /^\s*```\s*$/.test(l));
  return lines.slice(fence + 1, close).map((l) => stripComment(l).trim()).filter(Boolean);
}

function sectionLines(readmePath: string, section: string): string[] {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${section}`);
  if (start < 0) throw new Error(`README has no section "## ${section}"`);
  const end = lines.findIndex((l, j) => j > start && /^## /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Drops a trailing `# comment` that is not inside quotes or $( ). */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i);
    }
  }
  return line;
}
