import type { z } from 'zod';
import type { ServiceName } from './enums';
import type { BusErrors, ErrorTable } from './error-codes';
import { replyOf } from './reply';

/**
 * A message on the bus. Subjects carry the version (`md.tick.v1.<conId>`): a breaking change adds
 * a v2 definition beside v1 so both run side by side during a rolling deploy.
 *
 * `subject` is a template whose `{name}` placeholders are single NATS tokens; `pattern` is the
 * same subject with each placeholder replaced by `*`, used to subscribe and to look a definition up.
 */
interface ContractBase<S extends z.ZodType> {
  /** Stable name without version, e.g. `md.tick`. */
  readonly name: string;
  readonly version: number;
  readonly subject: string;
  readonly schema: S;
  readonly publishers: readonly ServiceName[];
  readonly consumers: readonly ServiceName[];
  readonly description: string;
  /** JetStream stream that captures this subject, when the message is durable. */
  readonly stream?: string;
  /**
   * Hot-path messages: the schema's rules checked by hand (held to the schema by a property test),
   * used instead of a zod parse wherever the message is sent or received. Null when the payload is
   * valid and complete — the schema would give it back unchanged — and it is used as it came; else
   * the first problem as `path: message`, and the schema decides (refuses it with every issue, or
   * fills in what it defaults). So a check may be stricter than its schema (a defaulted field left
   * out), never looser.
   */
  readonly check?: (payload: unknown) => string | null;
}

/** Fire-and-forget (or JetStream-persisted) event. */
export interface EventContract<S extends z.ZodType = z.ZodType> extends ContractBase<S> {
  readonly kind: 'event';
}

/**
 * Request/reply: `schema` validates the request, `reply` the answer — success, or an error reply
 * whose code is one of `errors` (each with its HTTP meaning) or the bus's own.
 */
export interface RequestContract<S extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType, E extends ErrorTable = ErrorTable>
  extends ContractBase<S> {
  readonly kind: 'request';
  readonly reply: R;
  /** Every code the request can be refused with (besides the bus's: BusErrors). */
  readonly errors: E;
  /** Default time a caller waits before treating the request as failed. */
  readonly timeoutMs: number;
}

export type AnyContract = EventContract | RequestContract;
export type PayloadOf<C extends AnyContract> = z.infer<C['schema']>;
export type ReplyOf<C extends RequestContract> = z.infer<C['reply']>;
/** What a handler of request `C` answers: its reply, failures typed with `C`'s codes. */
export type AnswerTo<C extends RequestContract> = z.input<C['reply']>;
/** The codes request `C` can fail with (its own and the bus's). */
export type CodesOf<C extends RequestContract> = keyof C['errors'] | keyof typeof BusErrors;

const placeholder = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

export function defineEvent<S extends z.ZodType>(def: Omit<EventContract<S>, 'kind'>): EventContract<S> {
  assertSubject(def.subject, def.version);
  return Object.freeze({ ...def, kind: 'event' as const });
}

/** A request whose success carries `answer` and whose failures are `errors`' codes (and the bus's). */
export function defineRequest<S extends z.ZodType, A extends z.ZodType, E extends ErrorTable>(
  def: Omit<RequestContract<S, z.ZodType, E>, 'kind' | 'reply'> & { answer: A },
): RequestContract<S, ReturnType<typeof replyOf<A, E>>, E> {
  assertSubject(def.subject, def.version);
  const { answer, ...rest } = def;
  return Object.freeze({ ...rest, reply: replyOf(answer, def.errors), kind: 'request' as const });
}

function assertSubject(subject: string, version: number): void {
  if (!subject.split('.').includes(`v${version}`)) {
    throw new Error(`subject ${subject} must carry its version token v${version}`);
  }
}

/** A subject template split once: the literal text around each placeholder, and the placeholders' names. */
interface SubjectTemplate {
  readonly literals: readonly string[];
  readonly params: readonly string[];
  readonly pattern: string;
}

/** Contracts are frozen and live for the process: each subject is parsed once, not per message. */
const templates = new WeakMap<AnyContract, SubjectTemplate>();

function templateOf(contract: AnyContract): SubjectTemplate {
  let t = templates.get(contract);
  if (!t) {
    const parts = contract.subject.split(placeholder);
    // split() with a capture group alternates literal, name, literal, …, literal.
    t = {
      literals: parts.filter((_, i) => i % 2 === 0),
      params: parts.filter((_, i) => i % 2 === 1),
      pattern: contract.subject.replace(placeholder, '*'),
    };
    templates.set(contract, t);
  }
  return t;
}

/** The subscription pattern for a contract: every placeholder becomes `*`. */
export function patternOf(contract: AnyContract): string {
  return templateOf(contract).pattern;
}

/** Names of the placeholders in a contract's subject, in order. */
export function subjectParams(contract: AnyContract): string[] {
  return [...templateOf(contract).params];
}

const token = /^[^.\s*>]+$/;

/**
 * The concrete subject for a contract. Every placeholder must be given a value that is a single
 * NATS token (no dots, spaces or wildcards). A subject without placeholders takes no params.
 */
export function subjectOf(contract: AnyContract, params: Record<string, string | number> = {}): string {
  const { literals, params: names } = templateOf(contract);
  let subject = literals[0]!;
  for (let i = 0; i < names.length; i++) {
    const key = names[i]!;
    const value = params[key];
    if (value === undefined) throw new Error(`subject ${contract.subject}: missing param ${key}`);
    const text = String(value);
    if (!token.test(text)) throw new Error(`subject ${contract.subject}: param ${key}=${text} is not a token`);
    subject += text + literals[i + 1]!;
  }
  return subject;
}
